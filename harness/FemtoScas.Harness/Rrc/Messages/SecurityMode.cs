using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Rrc.Ies;

namespace FemtoScas.Harness.Rrc.Messages;

/// <summary>
/// SecurityModeCommand (DL-DCCH), the AS security mode command of TS 33.501 6.7.4:
/// <code>
/// SecurityModeCommand-IEs ::= SEQUENCE { securityConfigSMC SecurityConfigSMC, lateNonCriticalExtension OPTIONAL, nonCriticalExtension SEQUENCE {} OPTIONAL }
/// SecurityConfigSMC ::= SEQUENCE { securityAlgorithmConfig SecurityAlgorithmConfig, ... }
/// </code>
/// </summary>
public sealed record SecurityModeCommand(int TransactionId, SecurityAlgorithmConfig Algorithms) : RrcMessage
{
    public override string Name => "securityModeCommand";

    public override RrcChannel Channel => RrcChannel.DlDcch;

    public static SecurityModeCommand? Read(PerReader r, RrcReadContext ctx)
    {
        if (RrcFrame.ReadTransaction(r, ctx, "SecurityModeCommand") is not { } tx) return null;
        var o = RrcBits.Optionals(r.ReadPreamble(false, 2, out _), 2);
        r.ReadPreamble(true, 0, out var extended);
        var algorithms = SecurityAlgorithmConfig.Read(r, ctx);
        ctx.SkipExtensions(r, extended, "SecurityConfigSMC");
        RrcFrame.ReadTail(r, ctx, o[0], o[1], "SecurityModeCommand-IEs");
        return new SecurityModeCommand(tx, algorithms);
    }

    public override void WriteBody(PerWriter w)
    {
        RrcFrame.WriteTransaction(w, TransactionId);
        w.WritePreamble(false, 2, 0);
        w.WritePreamble(true, 0, 0);
        Algorithms.Write(w);
    }
}

/// <summary>
/// The messages whose IEs hold only the tail (lateNonCriticalExtension, nonCriticalExtension):
/// SecurityModeComplete, SecurityModeFailure and RRCReconfigurationComplete (UL-DCCH), with an
/// rrc-TransactionIdentifier and the critical-extensions CHOICE.
/// </summary>
public abstract record RrcAcknowledgement(int TransactionId) : RrcMessage
{
    public override RrcChannel Channel => RrcChannel.UlDcch;

    protected static int? ReadFrame(PerReader r, RrcReadContext ctx, string message)
    {
        if (RrcFrame.ReadTransaction(r, ctx, message) is not { } tx) return null;
        var o = RrcBits.Optionals(r.ReadPreamble(false, 2, out _), 2);
        RrcFrame.ReadTail(r, ctx, o[0], o[1], message + "-IEs");
        return tx;
    }

    public override void WriteBody(PerWriter w)
    {
        RrcFrame.WriteTransaction(w, TransactionId);
        w.WritePreamble(false, 2, 0);
    }
}

public sealed record SecurityModeComplete(int TransactionId) : RrcAcknowledgement(TransactionId)
{
    public override string Name => "securityModeComplete";

    public static SecurityModeComplete? Read(PerReader r, RrcReadContext ctx) =>
        ReadFrame(r, ctx, "SecurityModeComplete") is { } tx ? new SecurityModeComplete(tx) : null;
}

public sealed record SecurityModeFailure(int TransactionId) : RrcAcknowledgement(TransactionId)
{
    public override string Name => "securityModeFailure";

    public static SecurityModeFailure? Read(PerReader r, RrcReadContext ctx) =>
        ReadFrame(r, ctx, "SecurityModeFailure") is { } tx ? new SecurityModeFailure(tx) : null;
}

/// <summary>RRCReconfigurationComplete-IEs ::= SEQUENCE { lateNonCriticalExtension OPTIONAL, nonCriticalExtension RRCReconfigurationComplete-v1530-IEs OPTIONAL }</summary>
public sealed record RrcReconfigurationComplete(int TransactionId) : RrcAcknowledgement(TransactionId)
{
    public override string Name => "rrcReconfigurationComplete";

    public static RrcReconfigurationComplete? Read(PerReader r, RrcReadContext ctx) =>
        ReadFrame(r, ctx, "RRCReconfigurationComplete") is { } tx ? new RrcReconfigurationComplete(tx) : null;
}
