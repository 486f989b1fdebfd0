using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;

namespace ReviewConsole;

/// <summary>Raises Kestrel's body limit to the upload limit plus room for the form's other fields.</summary>
internal sealed class KestrelLimitsSetup(IOptions<IngestionOptions> ingestion) : IConfigureOptions<KestrelServerOptions>
{
    /// <summary>Allowance for multipart boundaries, headers and the text fields beside the file.</summary>
    public const long FormOverheadBytes = 256 * 1024;

    public void Configure(KestrelServerOptions options) =>
        options.Limits.MaxRequestBodySize = ingestion.Value.MaxUploadBytes + FormOverheadBytes;
}
