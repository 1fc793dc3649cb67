using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// UESecurityCapabilities (TS 38.413 9.3.1.86): four BIT STRING (SIZE(16, ...)), first bit =
/// algorithm 1 (128-NEA1 / 128-NIA1), second = 2, third = 3; NEA0/NIA0 are implied.
/// <code>
/// UESecurityCapabilities ::= SEQUENCE { nRencryptionAlgorithms, nRintegrityProtectionAlgorithms,
///     eUTRAencryptionAlgorithms, eUTRAintegrityProtectionAlgorithms, iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record UeSecurityCapabilities(ushort NrEncryption, ushort NrIntegrity, ushort EutraEncryption, ushort EutraIntegrity) : INgapIeValue
{
    public static UeSecurityCapabilities Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var values = new ushort[4];
        for (int i = 0; i < 4; i++)
        {
            var field = reader.ReadBitString(16, 16, extensible: true);
            // An extended size keeps its first 16 bits: the ones TS 38.413 assigns.
            values[i] = field.BitLength >= 16 ? (ushort)(field.Bytes[0] << 8 | field.Bytes[1]) : (ushort)0;
        }
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new UeSecurityCapabilities(values[0], values[1], values[2], values[3]);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        foreach (var v in new[] { NrEncryption, NrIntegrity, EutraEncryption, EutraIntegrity })
        {
            writer.WriteBitString(PerBitString.FromNumber(v, 16), 16, 16, extensible: true);
        }
    }

    public override string ToString() => $"NEA {NrEncryption:X4} NIA {NrIntegrity:X4} EEA {EutraEncryption:X4} EIA {EutraIntegrity:X4}";
}
