using System.Globalization;
using System.Text.RegularExpressions;

namespace FemtoScas.Harness.Interop;

/// <summary>A CHILD_SA as <c>swanctl --list-sas</c> shows it: name, state and charon's inbound/outbound ESP SPIs.</summary>
public sealed record SwanctlChildSa(string Name, string State, string Mode, uint InboundSpi, uint OutboundSpi);

/// <summary>An IKE SA as <c>swanctl --list-sas</c> shows it, with the lines under it kept verbatim for messages.</summary>
public sealed record SwanctlIkeSa(string Name, int UniqueId, string State, ulong InitiatorSpi, ulong ResponderSpi, bool LocalIsInitiator,
    IReadOnlyList<SwanctlChildSa> Children, string Text)
{
    /// <summary>The "local" line, e.g. <c>local  'femto-0001.vendor.test' @ 198.18.0.2[4500] [10.45.0.2]</c>.</summary>
    public string LocalLine => Text.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("local ", StringComparison.Ordinal))?.Trim() ?? "";
    public string RemoteLine => Text.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("remote ", StringComparison.Ordinal))?.Trim() ?? "";
}

/// <summary>
/// Reads the text of <c>swanctl --list-sas</c> (strongSwan 5.9/6.0 layout): an IKE SA line
/// <c>name: #id, STATE, IKEv2, spii_i[*] spir_r[*]</c> (the star marks charon's own side), then
/// indented lines, among them CHILD_SA lines <c>name: #id, reqid n, STATE, MODE, ESP:...</c>
/// followed by <c>in  SPI, ...</c> and <c>out SPI, ...</c>.
/// </summary>
public static partial class SwanctlSas
{
    [GeneratedRegex(@"^(?<name>[^\s:]+): #(?<id>\d+), (?<state>[A-Z_]+), IKEv2, (?<spii>[0-9a-f]{16})_i(?<istar>\*?) (?<spir>[0-9a-f]{16})_r", RegexOptions.CultureInvariant)]
    private static partial Regex IkeLine();

    [GeneratedRegex(@"^\s+(?<name>[^\s:]+): #(?<id>\d+), reqid \d+, (?<state>[A-Z_]+), (?<mode>[A-Za-z-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ChildLine();

    [GeneratedRegex(@"^\s+(?<dir>in|out)\s+(?<spi>[0-9a-f]{8})", RegexOptions.CultureInvariant)]
    private static partial Regex SpiLine();

    public static IReadOnlyList<SwanctlIkeSa> Parse(string listSasOutput)
    {
        var result = new List<SwanctlIkeSa>();
        string[] lines = listSasOutput.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var ike = IkeLine().Match(lines[i]);
            if (!ike.Success)
            {
                continue;
            }

            var children = new List<SwanctlChildSa>();
            var text = new List<string> { lines[i] };
            int j = i + 1;
            for (; j < lines.Length && lines[j].StartsWith(' '); j++)
            {
                text.Add(lines[j]);
                var child = ChildLine().Match(lines[j]);
                if (!child.Success)
                {
                    continue;
                }

                uint inbound = 0, outbound = 0;
                for (int k = j + 1; k < lines.Length && k <= j + 4 && lines[k].StartsWith(' '); k++)
                {
                    var spi = SpiLine().Match(lines[k]);
                    if (spi.Success)
                    {
                        var value = uint.Parse(spi.Groups["spi"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        if (spi.Groups["dir"].Value == "in") inbound = value; else outbound = value;
                    }
                }

                children.Add(new SwanctlChildSa(child.Groups["name"].Value, child.Groups["state"].Value, child.Groups["mode"].Value, inbound, outbound));
            }

            result.Add(new SwanctlIkeSa(ike.Groups["name"].Value, int.Parse(ike.Groups["id"].Value, CultureInfo.InvariantCulture), ike.Groups["state"].Value,
                ulong.Parse(ike.Groups["spii"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ulong.Parse(ike.Groups["spir"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ike.Groups["istar"].Value == "*", children, string.Join('\n', text)));
            i = j - 1;
        }

        return result;
    }
}
