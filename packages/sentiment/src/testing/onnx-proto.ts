import protobuf from "protobufjs";

// The part of onnx/onnx.proto (IR version 8) a small inference graph needs. Field numbers are the
// official ones, so onnxruntime reads the bytes as a normal model; everything else is left out.
const ONNX_PROTO_SUBSET = `
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; FLOATS = 6; INTS = 7; STRINGS = 8; }
  optional string name = 1;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string domain = 7;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}

message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}

message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional string name = 8;
  optional bytes raw_data = 9;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
}
`;

/** TensorProto.DataType values used here. */
export const ONNX_DTYPE = { FLOAT: 1, INT64: 7 } as const;
export const ONNX_ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  ints?: number[];
}

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: OnnxAttribute[];
}

export interface OnnxValueInfo {
  name: string;
  elemType: number;
  /** A number is a fixed size; a string is a symbolic (dynamic) dimension such as "batch". */
  shape: Array<number | string>;
}

export interface OnnxModelSpec {
  graphName: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  opsetVersion: number;
  producerName?: string;
  docString?: string;
}

let modelType: protobuf.Type | undefined;

function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO_SUBSET, { keepCase: true }).root.lookupType("onnx.ModelProto");
  return modelType;
}

function valueInfo(v: OnnxValueInfo): Record<string, unknown> {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: v.elemType,
        shape: { dim: v.shape.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

/** Serialises a graph as an ONNX ModelProto (IR version 8, default domain). */
export function encodeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const type = onnxModelType();
  const message = {
    ir_version: 8,
    producer_name: spec.producerName ?? "ops-sentiment-testing",
    producer_version: "1",
    model_version: 1,
    doc_string: spec.docString ?? "",
    opset_import: [{ domain: "", version: spec.opsetVersion }],
    graph: {
      name: spec.graphName,
      node: spec.nodes.map((n, i) => ({
        name: n.name ?? `${n.opType}_${i}`,
        op_type: n.opType,
        input: n.inputs,
        output: n.outputs,
        domain: "",
        attribute: (n.attributes ?? []).map((a) => ({ ...a })),
      })),
      initializer: spec.initializers.map((t) => ({ name: t.name, dims: t.dims, data_type: t.dataType, raw_data: t.rawData })),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
  };
  const problem = type.verify(message);
  if (problem) throw new Error(`invalid ONNX model message: ${problem}`);
  return type.encode(type.fromObject(message)).finish();
}

/** Little-endian float32 bytes, as ONNX raw_data stores them. */
export function float32Raw(values: readonly number[]): Uint8Array {
  const array = new Float32Array(values);
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Little-endian int64 bytes, as ONNX raw_data stores them. */
export function int64Raw(values: readonly number[]): Uint8Array {
  const array = BigInt64Array.from(values.map((v) => BigInt(v)));
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
