namespace ReviewConsole.Core.Scoring.Models;

/// <summary>
/// Turns nsfwjs' browserified model bundles back into a TF.js <c>model.json</c> and the weight bytes,
/// by letting node evaluate them: <c>model.min.js</c> exports the model JSON, each
/// <c>group1-shardNofM.min.js</c> a base64 string.
/// </summary>
internal sealed class TfjsBundleUnwrapper
{
    public const string ModelJsonFile = "model.json";
    public const string WeightsFile = "weights.bin";

    // Kept in the source rather than as a resource so that the folder is all the importer needs.
    // The bundles are nsfwjs' own code from the pinned package: the same code nsfwjs runs in a browser.
    private const string Script = """
        'use strict';
        // Usage: node unwrap-tfjs-bundle.cjs <folder with model.min.js and shards> <output folder>
        const fs = require('node:fs');
        const path = require('node:path');
        const [modelDir, outDir] = process.argv.slice(2).map((p) => path.resolve(p));
        const unwrap = (m) => (m && typeof m === 'object' && 'default' in m ? m.default : m);
        const model = unwrap(require(path.join(modelDir, 'model.min.js')));
        if (!model || !model.modelTopology || !Array.isArray(model.weightsManifest)) {
            throw new Error('model.min.js did not yield a TF.js model JSON with modelTopology and weightsManifest');
        }
        const shards = [];
        for (const group of model.weightsManifest) {
            for (const shard of group.paths) {
                const base64 = unwrap(require(path.join(modelDir, shard + '.min.js')));
                if (typeof base64 !== 'string') {
                    throw new Error(`${shard}.min.js did not yield a base64 string`);
                }
                shards.push(Buffer.from(base64, 'base64'));
            }
        }
        fs.mkdirSync(outDir, { recursive: true });
        fs.writeFileSync(path.join(outDir, 'model.json'),
            JSON.stringify({ modelTopology: model.modelTopology, weightsManifest: model.weightsManifest }));
        fs.writeFileSync(path.join(outDir, 'weights.bin'), Buffer.concat(shards));
        """;

    private readonly string _node;

    public TfjsBundleUnwrapper(string node)
    {
        _node = node;
    }

    /// <summary>Unwraps the bundles in <paramref name="bundleDirectory"/> into <paramref name="outputDirectory"/>.</summary>
    public async Task<(string ModelJson, byte[] Weights)> UnwrapAsync(string bundleDirectory, string outputDirectory, CancellationToken ct)
    {
        Directory.CreateDirectory(outputDirectory);
        // nsfwjs' package.json says "type": "module", under which node would load the UMD bundles as
        // ES modules (no module.exports); the package marks dist/models as CommonJS, and so do we.
        await File.WriteAllTextAsync(Path.Combine(bundleDirectory, "package.json"), """{ "type": "commonjs" }""", ct).ConfigureAwait(false);
        string script = Path.Combine(outputDirectory, "unwrap-tfjs-bundle.cjs");
        await File.WriteAllTextAsync(script, Script, ct).ConfigureAwait(false);
        await ExternalCommand.RunAsync(_node, [script, bundleDirectory, outputDirectory], outputDirectory, ct).ConfigureAwait(false);
        string modelJson = await File.ReadAllTextAsync(Path.Combine(outputDirectory, ModelJsonFile), ct).ConfigureAwait(false);
        byte[] weights = await File.ReadAllBytesAsync(Path.Combine(outputDirectory, WeightsFile), ct).ConfigureAwait(false);
        return (modelJson, weights);
    }
}
