using System.Buffers.Binary;

namespace FemtoScas.Harness.Nas;

/// <summary>
/// Lenient decoder of a plain 5GMM message against its TS 24.501 8.2 table. Every deviation is a
/// <see cref="NasFinding"/>; nothing a peer sends throws. The imperative part is read in table
/// order; the non-imperative part by IEI, applying TS 24.501 7.6: unknown IEIs are skipped
/// (7.6.1) by the generic format rule of TS 24.007 11.2.4, "comprehension required" ones are
/// reported, out-of-sequence IEs are kept (7.6.2), repeated ones ignored (7.6.3), optional IEs
/// with a length outside the table's range treated as absent (7.6.4), each with a finding.
/// </summary>
public static class FiveGmmMessageReader
{
    private const string Formats = "TS 24.007 11.2.1.1";

    /// <summary>Decodes <paramref name="pdu"/>; the message is null only when there is no header or its type has no table.</summary>
    public static FiveGmmMessage? Read(ReadOnlySpan<byte> pdu, List<NasFinding> findings, int baseOffset = 0)
    {
        var header = FiveGmmHeader.Read(pdu, findings, baseOffset);
        if (header is null) return null;
        if (header.Epd != ExtendedProtocolDiscriminator.FiveGmm)
        {
            findings.Add(NasFindingKind.UnknownProtocolDiscriminator, baseOffset, $"extended protocol discriminator 0x{header.Epd:X2}, 5GMM is 0x7E", "TS 24.501 9.2");
            return null;
        }
        if (header.SecurityHeaderType != NasSecurityHeaderType.Plain)
            findings.Add(NasFindingKind.InvalidValue, baseOffset + 1, $"security header type {(byte)header.SecurityHeaderType} in a plain message header", "TS 24.501 9.3.1");
        if (header.SpareHalfOctet != 0)
            findings.Add(NasFindingKind.NonZeroSpare, baseOffset + 1, $"spare half octet {header.SpareHalfOctet}", "TS 24.501 9.5");
        var type = (FiveGmmMessageType)header.MessageType;
        var rule = FiveGmmMessageRules.For(type);
        if (rule is null)
        {
            findings.Add(NasFindingKind.UnknownMessageType, baseOffset + 2, $"message type 0x{header.MessageType:X2} is not defined or not implemented here", "TS 24.501 7.4");
            return null;
        }
        var ies = new List<NasIe>();
        var position = FiveGmmHeader.Length;
        var complete = ReadImperative(pdu, rule, ies, findings, baseOffset, ref position);
        if (complete) ReadNonImperative(pdu, rule, ies, findings, baseOffset, position);
        return new FiveGmmMessage(type, ies) { SpareHalfOctet = header.SpareHalfOctet, SecurityHeaderType = header.SecurityHeaderType };
    }

    /// <summary>Mandatory V/LV/LV-E rows in table order; false when the PDU ended inside them.</summary>
    private static bool ReadImperative(ReadOnlySpan<byte> pdu, FiveGmmMessageRule rule, List<NasIe> ies, List<NasFinding> findings, int baseOffset, ref int position)
    {
        var highNibbleNext = false;
        foreach (var row in rule.Ies.Where(r => r.Mandatory))
        {
            var at = baseOffset + position;
            if (row.HalfOctet)
            {
                if (position >= pdu.Length) return Missing(row, findings, at, rule);
                var nibble = highNibbleNext ? pdu[position] >> 4 : pdu[position] & 0x0F;
                if (row.Name == FiveGmmMessageRules.SpareHalfOctet && nibble != 0)
                    findings.Add(NasFindingKind.NonZeroSpare, at, $"spare half octet {nibble}", "TS 24.501 9.5");
                ies.Add(new NasIe(row, null, [(byte)nibble], at));
                if (highNibbleNext) position++;
                highNibbleNext = !highNibbleNext;
                continue;
            }
            if (highNibbleNext)
            {
                // A lone half octet closes its octet; the table pairs them, so this only happens for a malformed table.
                position++;
                highNibbleNext = false;
                at = baseOffset + position;
            }
            int length;
            int header;
            switch (row.Format)
            {
                case NasIeFormat.V:
                    if (position >= pdu.Length) return Missing(row, findings, at, rule);
                    length = row.MinLength;
                    header = 0;
                    break;
                case NasIeFormat.Lv:
                    if (position + 1 > pdu.Length) return Missing(row, findings, at, rule);
                    length = pdu[position];
                    header = 1;
                    break;
                case NasIeFormat.LvE:
                    if (position + 2 > pdu.Length) return Missing(row, findings, at, rule);
                    length = BinaryPrimitives.ReadUInt16BigEndian(pdu[position..]);
                    header = 2;
                    break;
                default:
                    // No 5GMM table has a mandatory TV/TLV row; one would be read by IEI below.
                    continue;
            }
            if (position + header + length > pdu.Length)
            {
                findings.Add(NasFindingKind.Truncated, at, $"{row.Name}: {length} octets announced, {Math.Max(0, pdu.Length - position - header)} present", $"TS 24.501 {rule.Clause}, {Formats}");
                return false;
            }
            if (length < row.MinValueLength || length > row.MaxValueLength)
                findings.Add(NasFindingKind.InvalidLength, at, $"{row.Name}: value of {length} octets, table allows {row.MinValueLength}-{Max(row.MaxValueLength)}", $"TS 24.501 {rule.Clause}, 7.5.2");
            ies.Add(new NasIe(row, null, pdu.Slice(position + header, length).ToArray(), at));
            position += header + length;
        }
        if (highNibbleNext) position++;
        return true;
    }

    private static bool Missing(NasIeRule row, List<NasFinding> findings, int at, FiveGmmMessageRule rule)
    {
        findings.Add(NasFindingKind.MissingMandatoryIe, at, $"{rule.Name}: mandatory {row.Name} missing (message ends)", $"TS 24.501 {rule.Clause}, 7.5.1");
        return false;
    }

    private static string Max(int max) => max == int.MaxValue ? "n" : max.ToString();

    private static void ReadNonImperative(ReadOnlySpan<byte> pdu, FiveGmmMessageRule rule, List<NasIe> ies, List<NasFinding> findings, int baseOffset, int position)
    {
        var optional = rule.Ies.Where(r => !r.Mandatory).ToList();
        var lastIndex = -1;
        var seen = new HashSet<NasIeRule>();
        // Each pass consumes at least one octet, so the loop is bounded by the PDU length.
        while (position < pdu.Length)
        {
            var at = baseOffset + position;
            var iei = pdu[position];
            NasIeRule? row;
            if ((iei & 0x80) != 0)
            {
                // Type 1 (TS 24.007 11.2.4: bit 8 set): IEI in bits 8-5, value in bits 4-1.
                row = optional.FirstOrDefault(r => r.IsType1 && r.Iei == (iei & 0xF0));
                if (row is null)
                    findings.Add(NasFindingKind.UnknownIe, at, $"{rule.Name}: unknown type-1 IEI 0x{iei >> 4:X}-, skipped", "TS 24.501 7.6.1");
                else
                    Accept(row, new NasIe(row, (byte)(iei & 0xF0), [(byte)(iei & 0x0F)], at));
                position++;
                continue;
            }
            row = optional.FirstOrDefault(r => !r.IsType1 && r.Iei == iei);
            var format = row?.Format ?? FiveGmmMessageWriter.GuessFormat(iei);
            int header = format switch { NasIeFormat.Tv => 1, NasIeFormat.Tlv => 2, _ => 3 };
            if (position + header > pdu.Length)
            {
                findings.Add(NasFindingKind.Truncated, at, $"{rule.Name}: IE 0x{iei:X2} cut inside its header", Formats);
                return;
            }
            int length = format switch
            {
                NasIeFormat.Tv => row!.MinLength - 1,
                NasIeFormat.Tlv => pdu[position + 1],
                _ => BinaryPrimitives.ReadUInt16BigEndian(pdu[(position + 1)..]),
            };
            if (position + header + length > pdu.Length)
            {
                findings.Add(NasFindingKind.Truncated, at, $"{rule.Name}: {row?.Name ?? $"IE 0x{iei:X2}"} announces {length} octets, {pdu.Length - position - header} present", Formats);
                return;
            }
            var value = pdu.Slice(position + header, length).ToArray();
            if (row is null)
            {
                if ((iei & 0xF0) == 0)
                    findings.Add(NasFindingKind.UnknownComprehensionRequiredIe, at, $"{rule.Name}: unknown IEI 0x{iei:X2} encoded as comprehension required", "TS 24.007 11.2.4, TS 24.501 7.6.1");
                else
                    findings.Add(NasFindingKind.UnknownIe, at, $"{rule.Name}: unknown IEI 0x{iei:X2} ({length} octets), skipped", "TS 24.501 7.6.1");
            }
            else if (length < row.MinValueLength || length > row.MaxValueLength)
            {
                findings.Add(NasFindingKind.InvalidLength, at, $"{rule.Name}: {row.Name} value of {length} octets, table allows {row.MinValueLength}-{Max(row.MaxValueLength)}; treated as not present", "TS 24.501 7.6.4");
            }
            else
            {
                Accept(row, new NasIe(row, iei, value, at));
            }
            position += header + length;
        }

        void Accept(NasIeRule row, NasIe ie)
        {
            if (!seen.Add(row))
            {
                findings.Add(NasFindingKind.RepeatedIe, ie.Offset, $"{rule.Name}: {row.Name} repeated, only the first is used", "TS 24.501 7.6.3");
                return;
            }
            var index = optional.IndexOf(row);
            if (index < lastIndex)
                findings.Add(NasFindingKind.OutOfSequenceIe, ie.Offset, $"{rule.Name}: {row.Name} out of table order", "TS 24.501 7.6.2");
            lastIndex = Math.Max(lastIndex, index);
            ies.Add(ie);
        }
    }
}
