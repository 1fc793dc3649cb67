using System.Globalization;
using System.Text.Json;
using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Roles.Fuzz;

/// <summary>
/// A saved IKE fuzz reproducer (schema <c>femtoscas.ike-fuzz-reproducer/1</c>): the fuzzer and its
/// version, the seed, why it was saved, and every input with all its parameters, so
/// <c>femtoscas replay-ike FILE</c> sends the same octets whatever later schedules do. Reading is
/// strict: an unreadable file or field is a <see cref="DataFileException"/> naming both; at most
/// <see cref="MaxInputs"/> inputs.
/// </summary>
public sealed record IkeFuzzReproducer(string Tool, ulong Seed, string Why, IReadOnlyList<IkeFuzzInput> Inputs)
{
    public const string Schema = "femtoscas.ike-fuzz-reproducer/1";
    public const int MaxInputs = 10_000;

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("tool", Tool);
            w.WriteString("seed", Seed.ToString(CultureInfo.InvariantCulture));
            w.WriteString("why", Why);
            w.WriteString("replay", "./femtoscas replay-ike THIS_FILE --profile fixtures/duts/simfemto.json [--faults F] [--minimise]");
            w.WriteStartArray("inputs");
            foreach (var i in Inputs)
            {
                w.WriteStartObject();
                w.WriteNumber("index", i.Index);
                w.WriteString("mutation", i.Mutation.ToString());
                w.WriteNumber("messageId", i.MessageId);
                w.WriteNumber("payloadIndex", i.PayloadIndex);
                w.WriteNumber("value", i.Value);
                w.WriteString("octetSeed", i.OctetSeed.ToString("x16", CultureInfo.InvariantCulture));
                w.WriteString("what", i.ToString());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static IkeFuzzReproducer Load(string file) => Parse(file, JsonObjectReader.ReadText(file, "IKE fuzz reproducer"));

    public static IkeFuzzReproducer Parse(string file, string text)
    {
        using var doc = JsonObjectReader.Parse(file, text);
        var r = new JsonObjectReader(file, "", doc.RootElement);
        if (r.String("schema") != Schema) throw new DataFileException(file, "schema", $"expected '{Schema}'");
        var tool = r.String("tool");
        var seedText = r.String("seed");
        if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            throw new DataFileException(file, "seed", "expected a decimal number of at most 20 digits (0 .. 2^64-1)");
        var why = r.String("why");
        r.OptionalString("replay");
        var mutations = Enum.GetValues<IkeMutation>().ToDictionary(m => m.ToString(), m => m, StringComparer.Ordinal);
        var inputs = new List<IkeFuzzInput>();
        foreach (var e in r.Objects("inputs"))
        {
            if (inputs.Count == MaxInputs) throw new DataFileException(file, "inputs", $"more than {MaxInputs} inputs");
            var index = e.Int("index", 0, int.MaxValue);
            var mutation = e.Enum("mutation", mutations);
            var message = (uint)e.Int("messageId", 0, 16);
            var payload = e.Int("payloadIndex", 0, 64);
            var value = e.Int("value", 0, 65_535);
            var octetSeedText = e.String("octetSeed");
            if (octetSeedText.Length is 0 or > 16 || !ulong.TryParse(octetSeedText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var octetSeed))
                throw new DataFileException(file, e.FieldPath("octetSeed"), "expected 1 to 16 hexadecimal digits");
            e.OptionalString("what");
            e.RejectUnknown();
            inputs.Add(new IkeFuzzInput(index, mutation, message, payload, value, octetSeed));
        }
        r.RejectUnknown();
        if (inputs.Count == 0) throw new DataFileException(file, "inputs", "no input to replay");
        return new IkeFuzzReproducer(tool, seed, why, inputs);
    }
}
