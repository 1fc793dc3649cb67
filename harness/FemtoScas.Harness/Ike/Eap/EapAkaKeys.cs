using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Crypto.Primitives;
using FemtoScas.Harness.Ike.Codec.Eap;

namespace FemtoScas.Harness.Ike.Eap;

/// <summary>
/// EAP-AKA keys (RFC 4187 7): MK = SHA1(Identity | IK | CK), expanded by the FIPS 186-2 PRF into
/// K_encr (16) | K_aut (16) | MSK (64) | EMSK (64). AT_MAC is HMAC-SHA1-128 under K_aut over the
/// whole EAP packet with the AT_MAC value zeroed (RFC 4187 10.15). The MSK is what IKEv2 uses as
/// the shared secret of the AUTH payloads that close an EAP authentication (RFC 7296 2.16).
/// </summary>
public sealed class EapAkaKeys : IDisposable
{
    private const int MacLength = 16;

    private EapAkaKeys(byte[] kEncr, byte[] kAut, byte[] msk, byte[] emsk)
    {
        KEncr = kEncr;
        KAut = kAut;
        Msk = msk;
        Emsk = emsk;
    }

    public byte[] KEncr { get; }
    public byte[] KAut { get; }
    public byte[] Msk { get; }
    public byte[] Emsk { get; }

    /// <summary>Derives the keys; <paramref name="identity"/> is the identity the peer last stated (RFC 4187 7).</summary>
    public static EapAkaKeys Derive(string identity, ReadOnlySpan<byte> ik, ReadOnlySpan<byte> ck)
    {
        var id = Encoding.UTF8.GetBytes(identity);
        var input = new byte[id.Length + ik.Length + ck.Length];
        id.CopyTo(input, 0);
        ik.CopyTo(input.AsSpan(id.Length));
        ck.CopyTo(input.AsSpan(id.Length + ik.Length));
        var mk = SHA1.HashData(input);
        CryptographicOperations.ZeroMemory(input);
        var stream = Fips186Prf.Expand(mk, 160);
        CryptographicOperations.ZeroMemory(mk);
        var keys = new EapAkaKeys(stream[..16], stream[16..32], stream[32..96], stream[96..160]);
        CryptographicOperations.ZeroMemory(stream);
        return keys;
    }

    /// <summary>
    /// Writes <paramref name="message"/> with a correct AT_MAC: the message must carry an AT_MAC
    /// attribute (any value); its value is replaced by the MAC over the packet.
    /// </summary>
    public byte[] Seal(EapMessage message)
    {
        var packet = message.Write();
        var at = EapAkaMessage.FindMacValueOffset(packet) ?? throw new ArgumentException("the EAP-AKA message carries no AT_MAC to seal", nameof(message));
        packet.AsSpan(at, MacLength).Clear();
        var mac = HMACSHA1.HashData(KAut, packet);
        mac.AsSpan(0, MacLength).CopyTo(packet.AsSpan(at));
        return packet;
    }

    /// <summary>Checks the AT_MAC of a received EAP packet; false when absent or wrong.</summary>
    public bool Verify(ReadOnlySpan<byte> packet)
    {
        if (EapAkaMessage.FindMacValueOffset(packet) is not { } at) return false;
        var copy = packet.ToArray();
        var received = copy.AsSpan(at, MacLength).ToArray();
        copy.AsSpan(at, MacLength).Clear();
        var mac = HMACSHA1.HashData(KAut, copy);
        return CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, MacLength), received);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(KEncr);
        CryptographicOperations.ZeroMemory(KAut);
        CryptographicOperations.ZeroMemory(Msk);
        CryptographicOperations.ZeroMemory(Emsk);
    }
}
