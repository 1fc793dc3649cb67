using FemtoScas.Harness.Data;
using FemtoScas.Harness.Roles.Fuzz;

namespace FemtoScas.Fuzz;

/// <summary>Fuzz target: a GUI fuzz reproducer as <c>femtoscas replay</c> reads it (a lab file).</summary>
internal static class GuiReproducerTarget
{
    public static void GuiFuzzReproducerFile(byte[] input)
    {
        IReadOnlyList<GuiFuzzInput> inputs;
        try { inputs = GuiFuzzReproducer.Parse(System.Text.Encoding.UTF8.GetString(input), "fuzz-input"); }
        catch (DataFileException) { return; }
        if (inputs.Count is 0 or > GuiFuzzReproducer.MaxRequests) throw new FuzzContractException($"{inputs.Count} requests read");
        // What is read writes back to text that reads to the same requests.
        var again = GuiFuzzReproducer.Parse(GuiFuzzReproducer.ToText(inputs), "round-trip");
        if (again.Count != inputs.Count) throw new FuzzContractException("round trip changed the number of requests");
        for (var i = 0; i < inputs.Count; i++)
            if (again[i].Method != inputs[i].Method || again[i].Target != inputs[i].Target || !again[i].Headers.SequenceEqual(inputs[i].Headers))
                throw new FuzzContractException($"round trip changed request {i + 1}");
    }
}
