using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Rrc;

/// <summary>
/// NR RRC PDUs (TS 38.331) in UNALIGNED PER (TS 38.331 8.1): the one table of messages this
/// harness encodes and decodes, each with its logical channel and its index in that channel's
/// message-type CHOICE. Encoding writes <c>message c1 &lt;alternative&gt;</c> then the message;
/// decoding is lenient: every problem is a finding with its bit offset, nothing throws on input,
/// and a message without a table row is named with a finding.
/// </summary>
public static class RrcCodec
{
    /// <summary>One row: a message type, where it travels, and how to read it.</summary>
    public sealed record Entry(Type Type, RrcChannel Channel, string Name, Func<PerReader, RrcReadContext, RrcMessage?> Read)
    {
        /// <summary>The alternative's index in the channel's c1 CHOICE (BCCH-BCH: in the message CHOICE).</summary>
        public int Index => Channel == RrcChannel.BcchBch ? 0 : RrcChannelSpec.Of(Channel).C1!.ToList().IndexOf(Name);
    }

    public static readonly IReadOnlyList<Entry> Table =
    [
        new(typeof(Mib), RrcChannel.BcchBch, "mib", Mib.Read),
        new(typeof(Sib1), RrcChannel.BcchDlSch, "systemInformationBlockType1", Sib1.Read),
        new(typeof(RrcSetupRequest), RrcChannel.UlCcch, "rrcSetupRequest", RrcSetupRequest.Read),
        new(typeof(RrcResumeRequest), RrcChannel.UlCcch, "rrcResumeRequest", RrcResumeRequest.Read),
        new(typeof(RrcResumeRequest), RrcChannel.UlCcch1, "rrcResumeRequest1", RrcResumeRequest.Read1),
        new(typeof(RrcSetup), RrcChannel.DlCcch, "rrcSetup", RrcSetup.Read),
        new(typeof(RrcReconfiguration), RrcChannel.DlDcch, "rrcReconfiguration", RrcReconfiguration.Read),
        new(typeof(RrcResume), RrcChannel.DlDcch, "rrcResume", RrcResume.Read),
        new(typeof(RrcRelease), RrcChannel.DlDcch, "rrcRelease", RrcRelease.Read),
        new(typeof(SecurityModeCommand), RrcChannel.DlDcch, "securityModeCommand", SecurityModeCommand.Read),
        new(typeof(DlInformationTransfer), RrcChannel.DlDcch, "dlInformationTransfer", DlInformationTransfer.Read),
        new(typeof(RrcReconfigurationComplete), RrcChannel.UlDcch, "rrcReconfigurationComplete", RrcReconfigurationComplete.Read),
        new(typeof(RrcSetupComplete), RrcChannel.UlDcch, "rrcSetupComplete", RrcSetupComplete.Read),
        new(typeof(RrcResumeComplete), RrcChannel.UlDcch, "rrcResumeComplete", RrcResumeComplete.Read),
        new(typeof(SecurityModeComplete), RrcChannel.UlDcch, "securityModeComplete", SecurityModeComplete.Read),
        new(typeof(SecurityModeFailure), RrcChannel.UlDcch, "securityModeFailure", SecurityModeFailure.Read),
        new(typeof(UlInformationTransfer), RrcChannel.UlDcch, "ulInformationTransfer", UlInformationTransfer.Read),
    ];

    /// <summary>The complete PDU of <paramref name="message"/> on its channel.</summary>
    public static byte[] Encode(RrcMessage message)
    {
        var entry = Table.Single(e => e.Channel == message.Channel && e.Name == message.Name);
        var w = new PerWriter(PerVariant.Unaligned);
        var spec = RrcChannelSpec.Of(message.Channel);
        if (spec.C1 is null)
        {
            w.WriteChoiceIndex(0, 2, false);
        }
        else
        {
            w.WriteChoiceIndex(0, 2, false); // c1
            w.WriteChoiceIndex(entry.Index, spec.C1.Count, false);
        }
        message.WriteBody(w);
        return w.ToArray();
    }

    /// <summary>Decodes a PDU received on <paramref name="channel"/>; never throws on input.</summary>
    public static RrcDecodeResult Decode(RrcChannel channel, byte[] pdu)
    {
        var ctx = new RrcReadContext();
        var r = new PerReader(pdu, PerVariant.Unaligned);
        var spec = RrcChannelSpec.Of(channel);
        string? name;
        if (r.ReadChoiceIndex(2, false) == 1)
        {
            ctx.Findings.Add(new RrcFinding(RrcFindingKind.NotDecoded, 0, $"{spec.AsnType}: messageClassExtension (a later release's message)", "harness scope"));
            return new RrcDecodeResult(null, null, ctx.Findings);
        }
        if (spec.C1 is null)
        {
            name = "mib";
        }
        else
        {
            var index = r.ReadChoiceIndex(spec.C1.Count, false);
            name = r.Ok ? spec.C1[index] : null;
        }
        if (!r.Ok)
        {
            ctx.Findings.Add(Failure(r.Failure!, $"{spec.AsnType} message type"));
            return new RrcDecodeResult(null, null, ctx.Findings);
        }
        var entry = Table.FirstOrDefault(e => e.Channel == channel && e.Name == name);
        if (entry is null)
        {
            var kind = name!.StartsWith("spare", StringComparison.Ordinal) ? RrcFindingKind.Deviation : RrcFindingKind.NotDecoded;
            ctx.Findings.Add(new RrcFinding(kind, 0, $"{spec.AsnType}: {name}: {(kind == RrcFindingKind.Deviation ? "a spare alternative" : "no table for this message in the harness")}", "TS 38.331 6.2.1"));
            return new RrcDecodeResult(null, name, ctx.Findings);
        }

        var message = entry.Read(r, ctx);
        if (ctx.Stopped)
        {
            return new RrcDecodeResult(message, name, ctx.Findings);
        }
        if (!r.Ok)
        {
            ctx.Findings.Add(Failure(r.Failure!, name!));
            return new RrcDecodeResult(null, name, ctx.Findings);
        }
        if (!r.AtEnd)
        {
            ctx.Findings.Add(new RrcFinding(RrcFindingKind.Deviation, r.BitOffset, $"{name}: {r.RemainingBits / 8} octets after the message", RrcReadContext.TransferSyntax));
        }
        return new RrcDecodeResult(message, name, ctx.Findings);
    }

    private static RrcFinding Failure(PerFailure f, string what) =>
        new(f.Kind == PerFailureKind.Unsupported ? RrcFindingKind.NotDecoded : RrcFindingKind.Deviation, f.BitOffset, $"{what} does not decode: {f.Kind}: {f.Detail}", RrcReadContext.TransferSyntax);
}
