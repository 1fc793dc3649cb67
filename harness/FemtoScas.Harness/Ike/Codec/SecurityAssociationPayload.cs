namespace FemtoScas.Harness.Ike.Codec;

/*  Security Association payload (RFC 7296 3.3):
 *
 *   generic payload header (4 octets)
 *   one or more proposal substructures, back to back (see Proposal.cs)
 */

/// <summary>SA payload: an ordered list of proposals (SAi1/SAr1, SAi2/SAr2).</summary>
public sealed record SecurityAssociationPayload(IReadOnlyList<Proposal> Proposals) : IkePayload
{
    public override IkePayloadType Type => IkePayloadType.SecurityAssociation;

    internal static SecurityAssociationPayload Read(ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        var proposals = new List<Proposal>();
        int position = 0;
        bool sawLast = false;
        while (position < body.Length)
        {
            if (sawLast)
            {
                findings.Add(at + position, "proposal follows one marked as last", "RFC 7296 3.3.1");
            }

            var proposal = Proposal.Read(body[position..], at + position, findings, out int used, out bool isLast);
            if (proposal is not null)
            {
                ExpectNumbering(proposals, proposal, at + position, findings);
                proposals.Add(proposal);
            }

            sawLast |= isLast;
            position += used;
        }

        if (proposals.Count == 0)
        {
            findings.Add(at, "SA payload holds no proposal", "RFC 7296 3.3");
        }
        else if (!sawLast)
        {
            findings.Add(at, "no proposal is marked as last", "RFC 7296 3.3.1");
        }

        return new SecurityAssociationPayload(proposals);
    }

    internal override void WriteBody(ByteSink sink)
    {
        for (int i = 0; i < Proposals.Count; i++)
        {
            Proposals[i].Write(sink, i == Proposals.Count - 1);
        }
    }

    private static void ExpectNumbering(List<Proposal> earlier, Proposal proposal, int at, List<CodecFinding> findings)
    {
        // 3.3.1: each next proposal repeats the number or adds one. The first number is not checked
        // here because a response echoes the accepted proposal's number, which need not be 1.
        if (earlier.Count == 0)
        {
            return;
        }

        int previous = earlier[^1].Number;
        if (proposal.Number != previous && proposal.Number != previous + 1)
        {
            findings.Add(at + Proposal.NumberOffset, $"proposal number {proposal.Number} follows {previous}; must be the same or one more", "RFC 7296 3.3.1");
        }
    }
}
