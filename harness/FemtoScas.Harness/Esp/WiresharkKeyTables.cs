using System.Net;
using System.Text;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Esp;

/// <summary>
/// Key tables in the formats Wireshark's user access tables read, so tshark can decrypt our
/// evidence (issue 3 item 7). Names are the exact enum strings of Wireshark's IKEv2 and ESP
/// dissectors (checked against the strings of libwireshark 4.0 and strongSwan's save-keys plugin).
///   ikev2_decryption_table: SPIi,SPIr,SK_ei,SK_er,"encryption",SK_ai,SK_ar,"integrity"  (hex, no separators)
///   esp_sa: "IPv4","src","dst","0xSPI","encryption","0xkey","authentication","0xkey"
/// These files hold live keys: they are evidence for a lab run, never logged.
/// </summary>
public static class WiresharkKeyTables
{
    public const string IkeV2TableFileName = "ikev2_decryption_table";
    public const string EspTableFileName = "esp_sa";

    /// <summary>
    /// The keys IKE_INTERMEDIATE exchanges were protected with before the RFC 9370 2.2.2 update
    /// (<see cref="IkeSa.SupersededKeyRows"/>): same format, put in place of the main table to open them.
    /// </summary>
    public const string IntermediateTableFileName = "ikev2_decryption_table.intermediate";

    /// <summary>Writes <see cref="IntermediateTableFileName"/> into <paramref name="directory"/>.</summary>
    public static void WriteIntermediateRows(string directory, IEnumerable<string> rows)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, IntermediateTableFileName),
            "# Written by FemtoScas: live lab keys, evidence only. Keys of IKE_INTERMEDIATE before the RFC 9370 key update.\n" + string.Concat(rows.Select(r => r + "\n")), Encoding.ASCII);
    }

    /// <summary>One ikev2_decryption_table row for an IKE SA with keys; null when it has none yet.</summary>
    public static string? IkeV2Row(IkeSa sa)
    {
        if (sa.Keys is not { } keys || sa.Suite is not { } suite)
        {
            return null;
        }

        var encryption = IkeEncryptionName(suite.Cipher.Id, suite.Cipher.KeyLength * 8);
        var integrity = IkeIntegrityName(suite.Integrity?.Id ?? IntegId.None);
        return string.Join(',',
            sa.InitiatorSpi.ToString("x16"), sa.ResponderSpi.ToString("x16"),
            Hex(keys.SkEi), Hex(keys.SkEr), Quote(encryption),
            Hex(keys.SkAi), Hex(keys.SkAr), Quote(integrity));
    }

    /// <summary>
    /// Two esp_sa rows per CHILD_SA: initiator-to-responder traffic carries the responder's SPI and
    /// the I2R keys, the reverse the initiator's SPI and the R2I keys (RFC 7296 2.17).
    /// </summary>
    public static IEnumerable<string> EspRows(IkeSa sa)
    {
        var initiator = sa.IsInitiator ? sa.LocalEndPoint.Address : sa.RemoteEndPoint.Address;
        var responder = sa.IsInitiator ? sa.RemoteEndPoint.Address : sa.LocalEndPoint.Address;
        foreach (var child in sa.ChildSas)
        {
            var encryption = EspEncryptionName(child.Suite.Cipher.Id);
            var authentication = EspAuthenticationName(child.Suite.Integrity?.Id ?? IntegId.None);
            yield return EspRow(initiator, responder, child.ResponderSpi, encryption, child.Keys.EncryptionInitiatorToResponder, authentication, child.Keys.IntegrityInitiatorToResponder);
            yield return EspRow(responder, initiator, child.InitiatorSpi, encryption, child.Keys.EncryptionResponderToInitiator, authentication, child.Keys.IntegrityResponderToInitiator);
        }
    }

    /// <summary>Writes both tables into <paramref name="directory"/> (a Wireshark profile or evidence folder), replacing earlier files.</summary>
    public static void Write(string directory, IEnumerable<IkeSa> sas)
    {
        var list = sas.ToList();
        WriteRows(directory, list.Select(IkeV2Row).OfType<string>(), list.SelectMany(EspRows));
    }

    /// <summary>Writes both tables from rows taken earlier (<see cref="IkeV2Row"/>, <see cref="EspRows"/>), e.g. before the SAs' keys were zeroed.</summary>
    public static void WriteRows(string directory, IEnumerable<string> ikeV2Rows, IEnumerable<string> espRows)
    {
        Directory.CreateDirectory(directory);
        var header = "# Written by FemtoScas: live lab keys, evidence only.\n";
        File.WriteAllText(Path.Combine(directory, IkeV2TableFileName), header + string.Concat(ikeV2Rows.Select(r => r + "\n")), Encoding.ASCII);
        File.WriteAllText(Path.Combine(directory, EspTableFileName), header + string.Concat(espRows.Select(r => r + "\n")), Encoding.ASCII);
    }

    internal static string IkeEncryptionName(EncrId id, int bits) => id switch
    {
        EncrId.AesCbc => $"AES-CBC-{bits} [RFC3602]",
        EncrId.AesGcm16 => $"AES-GCM-{bits} with 16 octet ICV [RFC5282]",
        EncrId.TripleDes => "3DES [RFC2451]",
        EncrId.Null => "NULL [RFC2410]",
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Wireshark's IKEv2 table has no name for this cipher"),
    };

    internal static string IkeIntegrityName(IntegId id) => id switch
    {
        IntegId.None => "NONE [RFC4306]",
        IntegId.HmacMd5_96 => "HMAC_MD5_96 [RFC2403]",
        IntegId.HmacSha1_96 => "HMAC_SHA1_96 [RFC2404]",
        IntegId.HmacSha2_256_128 => "HMAC_SHA2_256_128 [RFC4868]",
        IntegId.HmacSha2_384_192 => "HMAC_SHA2_384_192 [RFC4868]",
        IntegId.HmacSha2_512_256 => "HMAC_SHA2_512_256 [RFC4868]",
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Wireshark's IKEv2 table has no name for this integrity algorithm"),
    };

    internal static string EspEncryptionName(EncrId id) => id switch
    {
        EncrId.AesCbc => "AES-CBC [RFC3602]",
        EncrId.AesGcm16 => "AES-GCM with 16 octet ICV [RFC4106]",
        EncrId.TripleDes => "TripleDES-CBC [RFC2451]",
        EncrId.Des => "DES-CBC [RFC2405]",
        EncrId.Null => "NULL",
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Wireshark's ESP table has no name for this cipher"),
    };

    internal static string EspAuthenticationName(IntegId id) => id switch
    {
        IntegId.None => "NULL",
        IntegId.HmacMd5_96 => "HMAC-MD5-96 [RFC2403]",
        IntegId.HmacSha1_96 => "HMAC-SHA-1-96 [RFC2404]",
        IntegId.HmacSha2_256_128 => "HMAC-SHA-256-128 [RFC4868]",
        IntegId.HmacSha2_384_192 => "HMAC-SHA-384-192 [RFC4868]",
        IntegId.HmacSha2_512_256 => "HMAC-SHA-512-256 [RFC4868]",
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Wireshark's ESP table has no name for this integrity algorithm"),
    };

    private static string EspRow(IPAddress source, IPAddress destination, uint spi, string encryption, SecretBytes encryptionKey, string authentication, SecretBytes authenticationKey) =>
        string.Join(',',
            Quote(source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4"),
            Quote(source.ToString()), Quote(destination.ToString()), Quote($"0x{spi:x8}"),
            Quote(encryption), Quote("0x" + Hex(encryptionKey)), Quote(authentication), Quote("0x" + Hex(authenticationKey)));

    private static string Hex(SecretBytes key) => Convert.ToHexString(key.ExportForKeyTable()).ToLowerInvariant();

    private static string Quote(string value) => "\"" + value + "\"";
}
