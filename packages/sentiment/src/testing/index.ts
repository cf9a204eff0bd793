// Test helpers (`@ops/sentiment/testing`): need the protobufjs dev dependency.
export { FINBERT_LABEL_ORDER, writeTinyBertModel, type TinyBertModel, type TinyBertModelOptions } from "./tiny-bert-model.js";
export {
  encodeOnnxModel, float32Raw, int64Raw, ONNX_ATTRIBUTE_TYPE, ONNX_DTYPE,
  type OnnxAttribute, type OnnxModelSpec, type OnnxNode, type OnnxTensor, type OnnxValueInfo,
} from "./onnx-proto.js";
