namespace FemtoScas.Harness.Ike.Codec;

/// <summary>
/// One deviation noticed while decoding or verifying an IKEv2 message. <see cref="Offset"/>
/// counts octets from the start of the buffer handed to the parser (the UDP payload after any
/// non-ESP marker), so evidence can point at the exact byte in a capture.
/// </summary>
public sealed record CodecFinding(int Offset, string What, string Reference)
{
    public override string ToString() => $"@{Offset}: {What} [{Reference}]";
}

internal static class FindingListExtensions
{
    public static void Add(this List<CodecFinding> findings, int offset, string what, string reference) =>
        findings.Add(new CodecFinding(offset, what, reference));
}
