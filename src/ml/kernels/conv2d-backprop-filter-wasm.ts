/**
 * `Conv2DBackpropFilter` for the wasm backend, which ships without it (tfjs 4.22): without this
 * kernel a model with `tf.layers.conv1d` (implemented through conv2d) cannot train on wasm
 * ("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'").
 *
 * Plain JavaScript over the wasm heap: flat-index loops over typed arrays, accumulated in float64,
 * written once into the output's heap view. The stock cpu kernel is slow because it reads every
 * element through `TensorBuffer.get`.
 *
 * Measured 2026-11-26, 2 cores, Node 20, tfjs 4.22: CNN conv1d(32, k3, relu, same) ×2 → flatten →
 * dense(1), input [974, 14, 7] random, batch 32, adam, median ms per epoch after a warm-up epoch:
 *   wasm + this kernel: ~183 ms/epoch (this kernel ≈ 75–90 ms of it);
 *   cpu backend:       ~8,400 ms/epoch (≈ 45× slower).
 * With other jobs sharing the 2 cores, wasm + this kernel ran 260–360 ms/epoch.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const KERNEL_NAME = 'Conv2DBackpropFilter';
const BACKEND_NAME = 'wasm';

/**
 * Gradient of a 2-D convolution with respect to its filter, NHWC only, dilation 1.
 *
 * Inputs: `x` [batch, inHeight, inWidth, inChannels] and `dy` [batch, outHeight, outWidth,
 * outChannels], both float32. Output: [filterHeight, filterWidth, inChannels, outChannels].
 */
export function conv2DBackpropFilterWasm(args: {
  // tf.Conv2DBackpropFilterInputs marks both optional; the engine always passes them.
  inputs: { x: tf.TensorInfo; dy: tf.TensorInfo };
  backend: BackendWasm;
  attrs: tf.Conv2DBackpropFilterAttrs;
}): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;

  if (dataFormat === 'NCHW') {
    throw new Error(`${KERNEL_NAME} (wasm, custom kernel): dataFormat 'NCHW' is not supported; use 'NHWC'.`);
  }
  // The attrs of this kernel carry no dilations (tfjs rejects dilated conv2d gradients earlier);
  // refuse them anyway in case a future caller passes some.
  const dilations = (attrs as unknown as { dilations?: number | [number, number] }).dilations;
  if (dilations != null && (Array.isArray(dilations) ? dilations.some((d) => d !== 1) : dilations !== 1)) {
    throw new Error(`${KERNEL_NAME} (wasm, custom kernel): only dilations of 1 are supported, got ${String(dilations)}.`);
  }
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`${KERNEL_NAME} (wasm, custom kernel): x and dy must be float32, got ${x.dtype} and ${dy.dtype}.`);
  }

  const convInfo = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    strideHeight,
    strideWidth,
    filterHeight,
    filterWidth,
  } = convInfo;
  const padTop = convInfo.padInfo.top;
  const padLeft = convInfo.padInfo.left;

  // Allocate the output first: `_malloc` may grow the wasm memory and detach earlier heap views.
  const dw = backend.makeOutput([filterHeight, filterWidth, inChannels, outChannels], 'float32');
  const xValues = backend.typedArrayFromHeap(x);
  const dyValues = backend.typedArrayFromHeap(dy);
  const dwValues = backend.typedArrayFromHeap(dw);

  // float64 accumulator: sums run over batch × outHeight × outWidth terms.
  const acc = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  const xRowStride = inWidth * inChannels;
  const xBatchStride = inHeight * xRowStride;
  const filterTapStride = inChannels * outChannels;

  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * xBatchStride;
    for (let yh = 0; yh < outHeight; yh++) {
      const xhBase = yh * strideHeight - padTop;
      for (let yw = 0; yw < outWidth; yw++) {
        const xwBase = yw * strideWidth - padLeft;
        const dyOffset = ((b * outHeight + yh) * outWidth + yw) * outChannels;
        for (let r = 0; r < filterHeight; r++) {
          const xh = xhBase + r;
          if (xh < 0 || xh >= inHeight) continue;
          const xRow = xBatch + xh * xRowStride;
          for (let c = 0; c < filterWidth; c++) {
            const xw = xwBase + c;
            if (xw < 0 || xw >= inWidth) continue;
            const xOffset = xRow + xw * inChannels;
            let accOffset = (r * filterWidth + c) * filterTapStride;
            for (let ci = 0; ci < inChannels; ci++, accOffset += outChannels) {
              const xv = xValues[xOffset + ci];
              // Inputs after relu are often exactly zero: skip the whole inner row.
              if (xv === 0) continue;
              for (let co = 0; co < outChannels; co++) {
                acc[accOffset + co] += xv * dyValues[dyOffset + co];
              }
            }
          }
        }
      }
    }
  }
  dwValues.set(acc);
  return dw;
}

/**
 * Registers {@link conv2DBackpropFilterWasm} as the wasm backend's `Conv2DBackpropFilter` unless
 * some kernel (ours or a future upstream one) is already registered. Safe to call repeatedly.
 */
export function registerConv2DBackpropFilterWasm(): void {
  if (tf.getKernel(KERNEL_NAME, BACKEND_NAME) != null) return;
  tf.registerKernel({
    kernelName: KERNEL_NAME,
    backendName: BACKEND_NAME,
    kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
  });
}
