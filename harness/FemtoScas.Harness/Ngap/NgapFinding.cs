namespace FemtoScas.Harness.Ngap;

/// <summary>
/// One deviation noticed while decoding or checking an NGAP PDU. <see cref="BitOffset"/> counts
/// bits from the start of the PDU (the SCTP DATA user data, PPID 60), so evidence can point at
/// the exact bit in a capture.
/// </summary>
public sealed record NgapFinding(long BitOffset, string What, string Reference)
{
    public override string ToString() => $"@bit {BitOffset} (octet {BitOffset / 8}): {What} [{Reference}]";
}
