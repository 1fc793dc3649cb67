using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Proposals;

/// <summary>Turns a chosen proposal (one transform per type) into crypto suites through the one crypto seam.</summary>
public static class NegotiatedSuites
{
    public static CryptoResult<IkeCryptoSuite> Ike(ICryptoProvider provider, Proposal chosen)
    {
        var encr = chosen.OfType(TransformType.Encryption).FirstOrDefault();
        var prf = chosen.OfType(TransformType.PseudoRandomFunction).FirstOrDefault();
        var dh = chosen.OfType(TransformType.DiffieHellmanGroup).FirstOrDefault();
        var integ = chosen.OfType(TransformType.Integrity).FirstOrDefault();
        if (encr is null || prf is null || dh is null)
        {
            return CryptoResult<IkeCryptoSuite>.Fail($"IKE proposal {ProposalSpec.FromProposal(chosen)} lacks ENCR, PRF or D-H", "RFC 7296 3.3.3");
        }

        return IkeCryptoSuite.Create(provider, (EncrId)encr.Id, encr.KeyLengthBits ?? 0, (PrfId)prf.Id, (IntegId)(integ?.Id ?? 0), (DhGroupId)dh.Id);
    }

    public static CryptoResult<EspCryptoSuite> Esp(ICryptoProvider provider, Proposal chosen)
    {
        var encr = chosen.OfType(TransformType.Encryption).FirstOrDefault();
        var integ = chosen.OfType(TransformType.Integrity).FirstOrDefault();
        if (encr is null)
        {
            return CryptoResult<EspCryptoSuite>.Fail($"ESP proposal {ProposalSpec.FromProposal(chosen)} lacks ENCR", "RFC 7296 3.3.3");
        }

        return EspCryptoSuite.Create(provider, (EncrId)encr.Id, encr.KeyLengthBits ?? 0, (IntegId)(integ?.Id ?? 0));
    }

    /// <summary>The D-H group of the first proposal: the initiator's guess for its KE payload (RFC 7296 1.2).</summary>
    public static DhGroupId FirstGroup(ProposalSpec spec) =>
        (DhGroupId)spec.OfType(TransformType.DiffieHellmanGroup).First().Id;
}
