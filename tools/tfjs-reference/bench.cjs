#!/usr/bin/env node
// Speed side of `bench stages`: nsfwjs 4.4.0's whole pipeline per image on TensorFlow.js's pure JS
// cpu backend, timed the way a node service would run it (pixels in, probabilities out). A separate
// script so that reference.cjs, whose bytes key the tests' cached answers, stays as it is.
//
//   node bench.cjs <mobilenet_v2|inception_v3> <repeat> (<pixels.rgb> <width> <height>)...
//       prints {"model","size","loadMs","warmUpMs","times":[ms per image, in order, repeat by repeat]}.
'use strict';

const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

const result = (text) => process.stdout.write(text + '\n');
console.log = console.info = console.warn = (...args) => process.stderr.write(args.join(' ') + '\n');

const tf = require('@tensorflow/tfjs');

const models = {
    mobilenet_v2: () => ({ name: 'MobileNetV2', definition: require('nsfwjs/models/mobilenet_v2').MobileNetV2Model }),
    inception_v3: () => ({ name: 'InceptionV3', definition: require('nsfwjs/models/inception_v3').InceptionV3Model }),
};

async function infer(nsfw, image) {
    // What nsfwjs's classify() does minus the top-k sort: tensor from pixels, infer() (float / 255,
    // resizeBilinear with alignCorners, batch of one, predict), then read the probabilities back.
    const start = performance.now();
    const input = tf.tensor3d(image.pixels, [image.height, image.width, 3], 'int32');
    const output = nsfw.infer(input);
    await output.data();
    output.dispose();
    input.dispose();
    return performance.now() - start;
}

async function main(argv) {
    const [modelKey, repeatText, ...imageArgs] = argv;
    const factory = models[modelKey];
    if (!factory || !repeatText || imageArgs.length < 3 || imageArgs.length % 3 !== 0) {
        throw new Error('usage: bench.cjs <mobilenet_v2|inception_v3> <repeat> (<pixels.rgb> <width> <height>)...');
    }

    await tf.setBackend('cpu');
    await tf.ready();
    const images = [];
    for (let i = 0; i < imageArgs.length; i += 3) {
        const [width, height] = [Number.parseInt(imageArgs[i + 1], 10), Number.parseInt(imageArgs[i + 2], 10)];
        const pixels = new Uint8Array(fs.readFileSync(imageArgs[i]));
        if (pixels.length !== width * height * 3) {
            throw new Error(`${imageArgs[i]}: expected ${width}x${height}x3 bytes, got ${pixels.length}`);
        }
        images.push({ pixels, width, height });
    }

    let start = performance.now();
    const { name, definition } = factory();
    const nsfwjs = require('nsfwjs/core');
    const nsfw = await nsfwjs.load(name, { modelDefinitions: [definition] });
    const loadMs = performance.now() - start;

    // The first run of each shape allocates and builds kernels; it is reported, not averaged in.
    start = performance.now();
    await infer(nsfw, images[0]);
    const warmUpMs = performance.now() - start;

    const times = [];
    const repeat = Number.parseInt(repeatText, 10);
    for (let r = 0; r < repeat; r++) {
        for (const image of images) {
            times.push(await infer(nsfw, image));
        }
    }

    result(JSON.stringify({ model: modelKey, size: nsfw.options.size, loadMs, warmUpMs, times }));
}

main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
});
