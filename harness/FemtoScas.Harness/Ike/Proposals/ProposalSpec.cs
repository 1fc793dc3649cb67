using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Proposals;

/// <summary>One transform a proposal string names: type, IANA ID and (AES only) the key length.</summary>
public sealed record TransformChoice(TransformType Type, ushort Id, ushort? KeyLengthBits = null)
{
    public Transform ToTransform() => new(Type, Id, KeyLengthBits is { } bits ? [TransformAttribute.KeyLength(bits)] : []);

    public bool Matches(Transform transform) => transform.Type == Type && transform.Id == Id && transform.KeyLengthBits == KeyLengthBits;

    public static TransformChoice From(Transform transform) => new(transform.Type, transform.Id, transform.KeyLengthBits);
}

/// <summary>
/// A proposal as the harness configures it, written the way strongSwan's ipsec.conf / swanctl
/// write it (e.g. <c>aes256gcm16-prfsha384-ecp384</c>, <c>aes128-sha256-modp2048</c>). Within a
/// type the order of the string is the order of preference. Parsed from configuration, never
/// from the DUT, so a malformed string is a <see cref="FormatException"/> naming the token.
/// </summary>
public sealed record ProposalSpec(IkeProtocolId Protocol, IReadOnlyList<TransformChoice> Transforms)
{
    public IEnumerable<TransformChoice> OfType(TransformType type) => Transforms.Where(t => t.Type == type);

    /// <summary>Transform types this proposal carries, in RFC 7296 3.3.2 numbering order.</summary>
    public IEnumerable<TransformType> Types => Transforms.Select(t => t.Type).Distinct().Order();

    /// <summary>An IKE SA proposal. Integrity tokens also imply the matching PRF unless a prf token is given (strongSwan rule).</summary>
    public static ProposalSpec ParseIke(string text) => Parse(text, IkeProtocolId.Ike);

    /// <summary>An ESP proposal. A key exchange token here is the PFS group; ESN defaults to "no ESN".</summary>
    public static ProposalSpec ParseEsp(string text) => Parse(text, IkeProtocolId.Esp);

    public static ProposalSpec Parse(string text, IkeProtocolId protocol)
    {
        ArgumentNullException.ThrowIfNull(text);
        var choices = new List<TransformChoice>();
        var impliedPrfs = new List<TransformChoice>();
        foreach (var token in text.Trim().ToLowerInvariant().Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Ikev2Registry.ParseToken(token) is not { } parsed)
            {
                throw new FormatException($"proposal '{text}': '{token}' is not a known algorithm token");
            }

            var choice = new TransformChoice(parsed.Type, parsed.Id, parsed.KeyLength);

            if (choice.Type == TransformType.Integrity && protocol == IkeProtocolId.Ike
                && Ikev2Registry.PrfForIntegrity(choice.Id) is { } prf)
            {
                impliedPrfs.Add(new TransformChoice(TransformType.PseudoRandomFunction, prf));
            }

            if (choice.Type == TransformType.PseudoRandomFunction && protocol != IkeProtocolId.Ike)
            {
                throw new FormatException($"proposal '{text}': PRF token '{token}' only belongs in an IKE proposal");
            }

            if (!choices.Contains(choice))
            {
                choices.Add(choice);
            }
        }

        if (protocol == IkeProtocolId.Ike && !choices.Any(c => c.Type == TransformType.PseudoRandomFunction))
        {
            choices.AddRange(impliedPrfs.Distinct());
        }

        if (protocol == IkeProtocolId.Esp && !choices.Any(c => c.Type == TransformType.ExtendedSequenceNumbers))
        {
            choices.Add(new TransformChoice(TransformType.ExtendedSequenceNumbers, (ushort)EsnMode.NoEsn));
        }

        var spec = new ProposalSpec(protocol, choices);
        spec.CheckComplete(text);
        return spec;
    }

    /// <summary>The decoded transforms of a received proposal, for display and comparison.</summary>
    public static ProposalSpec FromProposal(Proposal proposal) =>
        new(proposal.Protocol, proposal.Transforms.Select(TransformChoice.From).ToList());

    /// <summary>The SA payload proposal substructure (RFC 7296 3.3.1).</summary>
    public Proposal ToProposal(byte number, ReadOnlyMemory<byte> spi = default) =>
        new(number, Protocol, spi, Transforms.OrderBy(t => t.Type).Select(t => t.ToTransform()).ToList());

    /// <summary>The strongSwan-style string: encryption, integrity, PRF (only when not implied), groups, ESN (only when not the default).</summary>
    public override string ToString()
    {
        var tokens = new List<string>();
        tokens.AddRange(OfType(TransformType.Encryption).Select(Format));
        tokens.AddRange(OfType(TransformType.Integrity).Select(Format));
        var prfs = OfType(TransformType.PseudoRandomFunction).ToList();
        var implied = OfType(TransformType.Integrity).Select(i => Ikev2Registry.PrfForIntegrity(i.Id)).Where(p => p is not null).Distinct().ToList();
        bool prfImplied = prfs.Count > 0 && prfs.Select(p => (ushort?)p.Id).SequenceEqual(implied);
        if (!prfImplied)
        {
            tokens.AddRange(prfs.Select(Format));
        }

        tokens.AddRange(OfType(TransformType.DiffieHellmanGroup).Select(Format));
        tokens.AddRange(Transforms.Where(t => Ikev2Registry.AdditionalKeyExchangeIndex(t.Type) > 0).OrderBy(t => t.Type).Select(Format));
        var esn = OfType(TransformType.ExtendedSequenceNumbers).ToList();
        if (!(Protocol == IkeProtocolId.Esp && esn.Count == 1 && esn[0].Id == (ushort)EsnMode.NoEsn))
        {
            tokens.AddRange(esn.Select(Format));
        }

        return string.Join('-', tokens);
    }

    // A transform strongSwan has no keyword for is still written, as type, ID and key length, so
    // a DUT's unusual proposal shows in evidence rather than vanishing.
    private static string Format(TransformChoice choice) =>
        Ikev2Registry.Token(choice.Type, choice.Id, choice.KeyLengthBits)
            ?? $"{choice.Type.ToString().ToLowerInvariant()}{choice.Id}{(choice.KeyLengthBits is { } k ? "_" + k : "")}";

    private void CheckComplete(string text)
    {
        // RFC 7296 3.3.3: an IKE proposal needs ENCR, PRF, D-H (and INTEG unless the cipher is AEAD);
        // an ESP proposal needs ENCR (INTEG unless AEAD) and ESN.
        if (!OfType(TransformType.Encryption).Any())
        {
            throw new FormatException($"proposal '{text}' names no encryption algorithm (RFC 7296 3.3.3)");
        }

        bool aead = OfType(TransformType.Encryption).All(e => Ikev2Registry.IsAead(e.Id));
        if (!aead && !OfType(TransformType.Integrity).Any())
        {
            throw new FormatException($"proposal '{text}' names a non-AEAD cipher but no integrity algorithm (RFC 7296 3.3.3)");
        }

        if (Protocol == IkeProtocolId.Ike && !OfType(TransformType.PseudoRandomFunction).Any())
        {
            throw new FormatException($"proposal '{text}' names no PRF (use a prf token with AEAD ciphers) (RFC 7296 3.3.3)");
        }

        if (Protocol == IkeProtocolId.Ike && !OfType(TransformType.DiffieHellmanGroup).Any())
        {
            throw new FormatException($"proposal '{text}' names no key exchange group (RFC 7296 3.3.3)");
        }
    }
}
