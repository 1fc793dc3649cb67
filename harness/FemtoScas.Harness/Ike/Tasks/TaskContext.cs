using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>What the tasks of one exchange see: the SA and the configuration of the role running them.</summary>
internal sealed class TaskContext
{
    public TaskContext(IkeSa sa, IkePeerOptions options, Func<IPAddress?>? allocateAddress = null)
    {
        Sa = sa;
        Options = options;
        IkeProposals = options.IkeProposals.Select(ProposalSpec.ParseIke).ToList();
        EspProposals = options.EspProposals.Select(ProposalSpec.ParseEsp).ToList();
        AllocateAddress = allocateAddress;
    }

    public IkeSa Sa { get; }
    public IkePeerOptions Options { get; }
    public IReadOnlyList<ProposalSpec> IkeProposals { get; }
    public IReadOnlyList<ProposalSpec> EspProposals { get; }
    public IRandomSource Random => Options.Random;
    public ICryptoProvider Crypto => Options.Crypto;
    public Func<IPAddress?>? AllocateAddress { get; }
    public SegwMisbehaviour Misbehaviour => (Options as SegwOptions)?.Misbehaviour ?? new SegwMisbehaviour();
    public Interception.IkeInterception Interception => Options.Interception;

    /// <summary>Exchange and message ID of the message being handled, for findings.</summary>
    public IkeExchangeType Exchange { get; set; }
    public uint MessageId { get; set; }

    /// <summary>The SeGW's progress through RFC 4739 multiple authentication on this SA; null when not in one.</summary>
    public Roles.SegwMultipleAuth.Progress? MultipleAuth { get; set; }

    /// <summary>The group the initiator's next KE uses (changed by INVALID_KE_PAYLOAD).</summary>
    public DhGroupId? RequestedGroup { get; set; }

    public void Finding(int offset, string what, string reference) => Sa.AddFinding(Exchange, MessageId, offset, what, reference);

    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Fill(bytes);
        return bytes;
    }

    /// <summary>A CHILD_SA SPI; values 1..255 are reserved by IANA and 0 is invalid (RFC 4303 2.1).</summary>
    public uint NewEspSpi()
    {
        Span<byte> b = stackalloc byte[4];
        uint spi;
        do
        {
            Random.Fill(b);
            spi = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b);
        }
        while (spi < 256);
        return spi;
    }
}
