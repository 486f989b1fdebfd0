using Google.Protobuf;

namespace ReviewConsole.Core.Scoring.Models;

/// <summary>The graph input and output names of an ONNX file, read without loading the model.</summary>
/// <param name="Inputs">Graph inputs that are not initializers, in order.</param>
/// <param name="Outputs">Graph outputs, in order.</param>
public sealed record OnnxModelInfo(IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    /// <summary>Reads the names from the ModelProto in <paramref name="path"/>.</summary>
    /// <remarks>
    /// Walks only ModelProto.graph (7), GraphProto.initializer (5) / input (11) / output (12) and
    /// ValueInfoProto/TensorProto names (1 / 8), skipping everything else (field numbers from onnx.proto).
    /// </remarks>
    public static OnnxModelInfo Read(string path)
    {
        byte[] model = File.ReadAllBytes(path);
        CodedInputStream input = new CodedInputStream(model);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 7 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                return ReadGraph(input.ReadBytes());
            }

            input.SkipLastField();
        }

        throw new InvalidDataException($"'{path}' holds no ONNX graph.");
    }

    private static OnnxModelInfo ReadGraph(ByteString graph)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var initializers = new HashSet<string>(StringComparer.Ordinal);
        CodedInputStream input = graph.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 5:
                    initializers.Add(ReadName(input.ReadBytes(), 8));
                    break;
                case 11:
                    inputs.Add(ReadName(input.ReadBytes(), 1));
                    break;
                case 12:
                    outputs.Add(ReadName(input.ReadBytes(), 1));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        // Before IR version 4 initializers were listed among the inputs too; they are not inputs to feed.
        return new OnnxModelInfo(inputs.Where(i => !initializers.Contains(i)).ToList(), outputs);
    }

    private static string ReadName(ByteString message, int field)
    {
        CodedInputStream input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                return input.ReadString();
            }

            input.SkipLastField();
        }

        return "";
    }
}
