using System.Runtime.InteropServices;
using Google.Protobuf;

namespace ReviewConsole.Core.Scoring.Models.Conversion;

// The smallest part of the ONNX schema the converter needs, written field by field with
// Google.Protobuf's CodedOutputStream instead of code generated from onnx.proto. Field numbers are
// those of onnx/onnx.proto (IR version 8, the one that goes with opset 17):
//
//   ModelProto          ir_version=1 (int64), producer_name=2, producer_version=3, domain=4,
//                       model_version=5 (int64), doc_string=6, graph=7, opset_import=8
//   OperatorSetIdProto  domain=1, version=2 (int64)
//   GraphProto          node=1, name=2, initializer=5, doc_string=10, input=11, output=12
//   NodeProto           input=1, output=2, name=3, op_type=4, attribute=5, domain=7
//   AttributeProto      name=1, f=2, i=3 (int64), ints=8 (int64, packed), type=20
//                       (AttributeType: FLOAT=1, INT=2, INTS=7)
//   TensorProto         dims=1 (int64, packed), data_type=2 (DataType: FLOAT=1, INT64=7), name=8,
//                       raw_data=9 (little-endian values)
//   ValueInfoProto      name=1, type=2
//   TypeProto           tensor_type=1
//   TypeProto.Tensor    elem_type=1, shape=2
//   TensorShapeProto    dim=1
//   Dimension           dim_value=1 (int64), dim_param=2
//
// Nested messages are length-delimited, so each is built into its own buffer first; the largest
// copy is the graph (the weights), which a model of this size affords.

/// <summary>An ONNX tensor element type (onnx.proto <c>TensorProto.DataType</c>).</summary>
internal enum OnnxDataType
{
    Float = 1,
    Int64 = 7,
}

/// <summary>The attribute kinds written (onnx.proto <c>AttributeProto.AttributeType</c>).</summary>
internal enum OnnxAttributeType
{
    Float = 1,
    Int = 2,
    Ints = 7,
}

/// <summary>An attribute of a node: one float, one int or a list of ints.</summary>
internal sealed class OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeType type, float f, long i, long[]? ints)
    {
        Name = name;
        Type = type;
        F = f;
        I = i;
        Ints = ints;
    }

    public string Name { get; }

    public OnnxAttributeType Type { get; }

    public float F { get; }

    public long I { get; }

    public long[]? Ints { get; }

    public static OnnxAttribute OfFloat(string name, float value) => new(name, OnnxAttributeType.Float, value, 0, null);

    public static OnnxAttribute OfInt(string name, long value) => new(name, OnnxAttributeType.Int, 0, value, null);

    public static OnnxAttribute OfInts(string name, params long[] values) => new(name, OnnxAttributeType.Ints, 0, 0, values);
}

/// <summary>One operator application.</summary>
internal sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes);

/// <summary>A constant tensor (weights, pads, clip bounds).</summary>
internal sealed class OnnxInitializer
{
    private OnnxInitializer(string name, long[] dims, OnnxDataType dataType, byte[] rawData)
    {
        Name = name;
        Dims = dims;
        DataType = dataType;
        RawData = rawData;
    }

    public string Name { get; }

    public long[] Dims { get; }

    public OnnxDataType DataType { get; }

    public byte[] RawData { get; }

    public static OnnxInitializer FromFloats(string name, long[] dims, ReadOnlySpan<float> values) =>
        new(name, dims, OnnxDataType.Float, ToLittleEndian(values));

    public static OnnxInitializer FromInt64s(string name, long[] dims, ReadOnlySpan<long> values) =>
        new(name, dims, OnnxDataType.Int64, ToLittleEndian(values));

    private static byte[] ToLittleEndian<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        // raw_data is little-endian by definition; every platform .NET runs ONNX Runtime on is too.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is written only on little-endian machines.");
        }

        return MemoryMarshal.AsBytes(values).ToArray();
    }
}

/// <summary>A graph input or output: float tensor with fixed or named (symbolic) dimensions.</summary>
/// <param name="Name">Value name.</param>
/// <param name="Dims">Dimensions: a positive size, or -1 for the symbolic dimension <paramref name="SymbolicName"/>.</param>
/// <param name="SymbolicName">The name given to the -1 dimensions (e.g. "N" for the batch).</param>
internal sealed record OnnxValueInfo(string Name, IReadOnlyList<long> Dims, string SymbolicName = "N");

/// <summary>A whole graph to serialise as a ModelProto.</summary>
internal sealed class OnnxGraph
{
    public required string Name { get; init; }

    public List<OnnxNode> Nodes { get; } = [];

    public List<OnnxInitializer> Initializers { get; } = [];

    public List<OnnxValueInfo> Inputs { get; } = [];

    public List<OnnxValueInfo> Outputs { get; } = [];
}

/// <summary>Serialises an <see cref="OnnxGraph"/> into ONNX ModelProto bytes.</summary>
internal static class OnnxModelWriter
{
    public const long IrVersion = 8;

    public static byte[] Write(OnnxGraph graph, long opsetVersion, string producerName, string producerVersion, string docString)
    {
        return Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt64(IrVersion);
            WriteString(output, 2, producerName);
            WriteString(output, 3, producerVersion);
            WriteString(output, 6, docString);
            WriteMessage(output, 7, WriteGraph(graph));
            WriteMessage(output, 8, Message(opset =>
            {
                // The default domain "" (ai.onnx) is implied by leaving field 1 out.
                opset.WriteTag(2, WireFormat.WireType.Varint);
                opset.WriteInt64(opsetVersion);
            }));
        });
    }

    private static byte[] WriteGraph(OnnxGraph graph)
    {
        return Message(output =>
        {
            foreach (var node in graph.Nodes)
            {
                WriteMessage(output, 1, WriteNode(node));
            }

            WriteString(output, 2, graph.Name);
            foreach (var initializer in graph.Initializers)
            {
                WriteMessage(output, 5, WriteInitializer(initializer));
            }

            foreach (var input in graph.Inputs)
            {
                WriteMessage(output, 11, WriteValueInfo(input));
            }

            foreach (var result in graph.Outputs)
            {
                WriteMessage(output, 12, WriteValueInfo(result));
            }
        });
    }

    private static byte[] WriteNode(OnnxNode node)
    {
        return Message(output =>
        {
            foreach (var input in node.Inputs)
            {
                WriteString(output, 1, input);
            }

            foreach (var result in node.Outputs)
            {
                WriteString(output, 2, result);
            }

            WriteString(output, 3, node.Name);
            WriteString(output, 4, node.OpType);
            foreach (var attribute in node.Attributes)
            {
                WriteMessage(output, 5, WriteAttribute(attribute));
            }
        });
    }

    private static byte[] WriteAttribute(OnnxAttribute attribute)
    {
        return Message(output =>
        {
            WriteString(output, 1, attribute.Name);
            switch (attribute.Type)
            {
                case OnnxAttributeType.Float:
                    output.WriteTag(2, WireFormat.WireType.Fixed32);
                    output.WriteFloat(attribute.F);
                    break;
                case OnnxAttributeType.Int:
                    output.WriteTag(3, WireFormat.WireType.Varint);
                    output.WriteInt64(attribute.I);
                    break;
                case OnnxAttributeType.Ints:
                    WritePackedInt64s(output, 8, attribute.Ints!);
                    break;
                default:
                    throw new InvalidOperationException($"Attribute type {attribute.Type} is not written.");
            }

            output.WriteTag(20, WireFormat.WireType.Varint);
            output.WriteInt32((int)attribute.Type);
        });
    }

    private static byte[] WriteInitializer(OnnxInitializer tensor)
    {
        return Message(output =>
        {
            WritePackedInt64s(output, 1, tensor.Dims);
            output.WriteTag(2, WireFormat.WireType.Varint);
            output.WriteInt32((int)tensor.DataType);
            WriteString(output, 8, tensor.Name);
            output.WriteTag(9, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(UnsafeByteOperations.UnsafeWrap(tensor.RawData));
        });
    }

    private static byte[] WriteValueInfo(OnnxValueInfo value)
    {
        byte[] shape = Message(output =>
        {
            foreach (var dim in value.Dims)
            {
                WriteMessage(output, 1, Message(dimension =>
                {
                    if (dim > 0)
                    {
                        dimension.WriteTag(1, WireFormat.WireType.Varint);
                        dimension.WriteInt64(dim);
                    }
                    else
                    {
                        WriteString(dimension, 2, value.SymbolicName);
                    }
                }));
            }
        });
        byte[] tensorType = Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt32((int)OnnxDataType.Float);
            WriteMessage(output, 2, shape);
        });
        byte[] type = Message(output => WriteMessage(output, 1, tensorType));
        return Message(output =>
        {
            WriteString(output, 1, value.Name);
            WriteMessage(output, 2, type);
        });
    }

    private static void WritePackedInt64s(CodedOutputStream output, int field, long[] values)
    {
        byte[] packed = Message(inner =>
        {
            foreach (var value in values)
            {
                inner.WriteInt64(value);
            }
        });
        WriteMessage(output, field, packed);
    }

    private static void WriteString(CodedOutputStream output, int field, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void WriteMessage(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(message));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }
}
