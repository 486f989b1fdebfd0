#!/usr/bin/env node
// Reference side of ReviewConsole's model tests: runs nsfwjs 4.4.0 on TensorFlow.js's pure JS cpu
// backend, so the C# conversion and preprocessing are judged against the library they replace.
//
//   node reference.cjs classify <mobilenet_v2|inception_v3> <input.f32> <count> [<pixels.rgb> <width> <height>]...
//       input: <count> NHWC float32 little-endian tensors of size x size x 3 (already preprocessed),
//       then optionally 8-bit RGB images (row-major) that go through nsfwjs's whole infer().
//       prints {"model","size","probabilities":[[Drawing,Hentai,Neutral,Porn,Sexy],...],"images":[[...],...]}.
//   node reference.cjs preprocess <size> (<pixels.rgb> <width> <height> <output.f32>)...
//       writes nsfwjs's own float/255 + resizeBilinear(alignCorners) result of each image as float32.
//
// Everything but the result goes to stderr: tfjs and nsfwjs chat on console.log/info/warn.
'use strict';

const fs = require('node:fs');

const result = (text) => process.stdout.write(text + '\n');
console.log = console.info = console.warn = (...args) => process.stderr.write(args.join(' ') + '\n');

const tf = require('@tensorflow/tfjs');

const models = {
    mobilenet_v2: () => ({ name: 'MobileNetV2', definition: require('nsfwjs/models/mobilenet_v2').MobileNetV2Model }),
    inception_v3: () => ({ name: 'InceptionV3', definition: require('nsfwjs/models/inception_v3').InceptionV3Model }),
};

function readFloat32(path) {
    const bytes = fs.readFileSync(path);
    // Copy into an aligned buffer: a Buffer's byteOffset may not be a multiple of 4.
    const aligned = new Uint8Array(bytes.length);
    aligned.set(bytes);
    return new Float32Array(aligned.buffer, 0, bytes.length / 4);
}

async function classify(modelKey, inputPath, countText, ...imageArgs) {
    const factory = models[modelKey];
    if (!factory) {
        throw new Error(`unknown model '${modelKey}', expected one of ${Object.keys(models).join(', ')}`);
    }
    const { name, definition } = factory();
    const nsfwjs = require('nsfwjs/core');
    const nsfw = await nsfwjs.load(name, { modelDefinitions: [definition] });
    const size = nsfw.options.size;
    const count = Number.parseInt(countText, 10);
    const values = readFloat32(inputPath);
    if (values.length !== count * size * size * 3) {
        throw new Error(`expected ${count}x${size}x${size}x3 floats, got ${values.length}`);
    }

    const probabilities = [];
    for (let i = 0; i < count; i++) {
        // One image at a time, as nsfwjs's own infer() does ([1, size, size, 3]).
        const slice = values.subarray(i * size * size * 3, (i + 1) * size * size * 3);
        const output = tf.tidy(() => nsfw.model.predict(tf.tensor4d(slice, [1, size, size, 3])));
        probabilities.push(Array.from(await output.data()));
        output.dispose();
    }

    const images = [];
    for (let i = 0; i + 2 < imageArgs.length; i += 3) {
        const [pixelsPath, width, height] = [imageArgs[i], Number.parseInt(imageArgs[i + 1], 10), Number.parseInt(imageArgs[i + 2], 10)];
        const pixels = readPixels(pixelsPath, width, height);
        // nsfwjs's own pipeline: infer() normalises, resizes and batches, as classify() does.
        const output = nsfw.infer(tf.tensor3d(pixels, [height, width, 3], 'int32'));
        images.push(Array.from(await output.data()));
        output.dispose();
    }
    result(JSON.stringify({ model: modelKey, size, probabilities, images }));
}

function readPixels(path, width, height) {
    const pixels = new Uint8Array(fs.readFileSync(path));
    if (pixels.length !== width * height * 3) {
        throw new Error(`${path}: expected ${width}x${height}x3 bytes, got ${pixels.length}`);
    }
    return pixels;
}

async function preprocess(sizeText, ...imageArgs) {
    const size = Number.parseInt(sizeText, 10);
    const written = [];
    for (let i = 0; i + 3 < imageArgs.length; i += 4) {
        const [pixelsPath, width, height, outputPath] = [imageArgs[i], Number.parseInt(imageArgs[i + 1], 10), Number.parseInt(imageArgs[i + 2], 10), imageArgs[i + 3]];
        const pixels = readPixels(pixelsPath, width, height);
        // The same steps as NSFWJS.infer in nsfwjs/dist/cjs/core.js, including its skip of the
        // resize when the image already has the model's size.
        const output = tf.tidy(() => {
            const img = tf.tensor3d(pixels, [height, width, 3], 'int32');
            const normalized = img.toFloat().div(tf.scalar(255));
            return (height !== size || width !== size)
                ? tf.image.resizeBilinear(normalized, [size, size], true)
                : normalized;
        });
        const data = await output.data();
        output.dispose();
        fs.writeFileSync(outputPath, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        written.push(outputPath);
    }
    result(JSON.stringify({ size, written }));
}

async function main(argv) {
    const [command, ...args] = argv;
    await tf.setBackend('cpu');
    await tf.ready();
    switch (command) {
        case 'classify':
            return classify(...args);
        case 'preprocess':
            return preprocess(...args);
        default:
            throw new Error('usage: reference.cjs classify <model> <input.f32> <count> [<pixels.rgb> <width> <height>]... | preprocess <size> (<pixels.rgb> <width> <height> <output.f32>)...');
    }
}

main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
});
