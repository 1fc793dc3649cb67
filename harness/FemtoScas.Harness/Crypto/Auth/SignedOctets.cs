using FemtoScas.Harness.Crypto.Primitives;

namespace FemtoScas.Harness.Crypto.Auth;

/// <summary>
/// What the AUTH payload signs or MACs (RFC 7296 2.15):
/// InitiatorSignedOctets = RealMessage1 | NonceRData | prf(SK_pi, RestOfInitIDPayload), and
/// ResponderSignedOctets = RealMessage2 | NonceIData | prf(SK_pr, RestOfRespIDPayload).
/// </summary>
public static class SignedOctets
{
    /// <param name="realMessage">The sender's whole first message (IKE_SA_INIT request or response) as sent.</param>
    /// <param name="peerNonceData">The other side's Nonce Data (without the payload header).</param>
    /// <param name="prf">The negotiated PRF that MACs the ID payload.</param>
    /// <param name="skP">SK_pi for the initiator's AUTH, SK_pr for the responder's.</param>
    /// <param name="restOfIdPayload">The sender's ID payload from ID Type to the end (after the 4-octet generic header).</param>
    public static byte[] Build(ReadOnlySpan<byte> realMessage, ReadOnlySpan<byte> peerNonceData, IPrf prf, ReadOnlySpan<byte> skP, ReadOnlySpan<byte> restOfIdPayload)
    {
        var octets = new byte[realMessage.Length + peerNonceData.Length + prf.OutputLength];
        realMessage.CopyTo(octets);
        peerNonceData.CopyTo(octets.AsSpan(realMessage.Length));
        prf.Compute(skP, restOfIdPayload, octets.AsSpan(realMessage.Length + peerNonceData.Length));
        return octets;
    }
}
