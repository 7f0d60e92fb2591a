/** Version of this project's bundle format and code, written into every export. */
export const APP_NAME = 'weather-forecast-ml-lifecycle';
export const APP_VERSION = '0.1.0';
/** Version of the export bundle layout; bump when metadata.json changes incompatibly. */
export const BUNDLE_FORMAT_VERSION = 1;
/** The ONNX Runtime release the tests verify every architecture's model.onnx with (onnxruntime-node and onnxruntime-web). */
export const ONNX_RUNTIME_VERIFIED = '1.30.0';
/** The ONNX operator set model.onnx declares (ONNX 1.12+, ONNX Runtime 1.12+). */
export const ONNX_OPSET = 17;
/** ONNX IR version matching {@link ONNX_OPSET}. */
export const ONNX_IR_VERSION = 8;
