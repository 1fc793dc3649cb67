using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.SmartCard.Aka;

namespace FemtoScas.Harness.Ike.Eap;

/// <summary>
/// The network's view of one subscriber (what an HSS/AuC keeps): K and OPc from the PIXIT's test
/// credentials and the SQN counter. Vectors use SQN = SEQ | IND with a 5-bit IND and a fresh SEQ
/// each time (TS 33.102 Annex C.3.2), AMF with the separation bit clear as for non-3GPP access
/// (TS 33.402 6.1). Thread-safe: one subscriber serves every IKE SA of a SeGW.
/// </summary>
public sealed class AkaSubscriber : IDisposable
{
    private const int IndBits = 5;
    private readonly Milenage _milenage;
    private readonly object _gate = new();
    private ulong _seq;

    public AkaSubscriber(ReadOnlySpan<byte> k, ReadOnlySpan<byte> opc, ulong initialSeq = 1)
    {
        _milenage = new Milenage(k, opc);
        _seq = initialSeq;
    }

    public static ReadOnlySpan<byte> Amf => [0x00, 0x00];

    public AuthenticationVector NextVector(IRandomSource random)
    {
        var rand = new byte[16];
        random.Fill(rand);
        ulong sqn;
        lock (_gate)
        {
            sqn = _seq++ << IndBits;
        }

        return AkaFunctions.GenerateVector(_milenage, rand, sqn, Amf);
    }

    /// <summary>
    /// Resynchronisation (TS 33.102 6.3.5): recovers SQN_MS from AUTS and continues above it; false
    /// when MAC-S does not verify.
    /// </summary>
    public bool Resynchronise(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> auts, out ulong sqnMs)
    {
        sqnMs = 0;
        if (AkaFunctions.RecoverSqnFromAuts(_milenage, rand, auts) is not { } recovered) return false;
        sqnMs = recovered;
        lock (_gate)
        {
            _seq = Math.Max(_seq, (recovered >> IndBits) + 1);
        }

        return true;
    }

    public void Dispose() => _milenage.Dispose();
}
