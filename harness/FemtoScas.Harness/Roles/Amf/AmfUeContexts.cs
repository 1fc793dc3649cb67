using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>
/// One UE context the harness AMF keeps after a completed registration (TS 24.501 5.5.1.2.4, TS 33.501 6.3.2): the 5G-GUTI it
/// issued, the SUPI behind it (IMSI digits), and the NAS security (K_AMF, the 5G NAS security context with its NAS COUNTs) the
/// registration ended with. Owns <see cref="Security"/>; keys never reach <see cref="ToString"/>.
/// </summary>
public sealed class AmfUeContext : IDisposable
{
    internal AmfUeContext(GutiIdentity guti, string imsi, AmfNasSecurity security)
    {
        Guti = guti;
        Imsi = imsi;
        Security = security;
    }

    public GutiIdentity Guti { get; }

    /// <summary>The SUPI's IMSI digits (evidence shows them masked).</summary>
    public string Imsi { get; }

    internal AmfNasSecurity Security { get; }

    /// <summary>The 5G NAS security context in use (its uplink receiver holds the last uplink NAS COUNT the AMF accepted).</summary>
    public FiveGNasContext Context => Security.Context!;

    /// <summary>Whether this context's 5G-S-TMSI (AMF Set ID, AMF Pointer, 5G-TMSI) is <paramref name="sTmsi"/>.</summary>
    public bool Has(STmsiIdentity sTmsi) => sTmsi.AmfSetId == Guti.AmfSetId && sTmsi.AmfPointer == Guti.AmfPointer && sTmsi.Tmsi == Guti.Tmsi;

    /// <summary>Whether this context's 5G-GUTI is <paramref name="guti"/> (PLMN, GUAMI part and 5G-TMSI).</summary>
    public bool Has(GutiIdentity guti) => guti == Guti;

    /// <summary>
    /// The AMF's check of an integrity-protected initial NAS message with this stored context (TS 24.501 4.4.6, 5.5.1.2.2, 5.6.1.2,
    /// 4.4.3.2): the MAC must verify at a fresh uplink NAS COUNT (estimated from the sequence number; a replay is refused) and the
    /// NAS message container, when present, is deciphered with the same COUNT. Null opening when it did not verify or the message
    /// inside is unreadable; never throws on what a UE sent.
    /// </summary>
    public (NasUnprotectResult Result, InitialNasOpening? Opening) VerifyInitial(ReadOnlySpan<byte> pdu)
    {
        var context = Context;
        var result = context.Protection.Unprotect(pdu, NrDirection.Uplink, context.UplinkReceiver);
        if (result.Outcome != NasUnprotectOutcome.Verified || result.PlainMessage is null || result.Count is not { } count) return (result, null);
        var outer = FiveGmmMessageReader.Read(result.PlainMessage, []);
        if (outer is null) return (result, null);
        return (result, InitialNasMessage.Open(outer, c => InitialNasMessage.CipherContainer(c, context.Protection.Ciphering, count, context.Protection.Bearer)));
    }

    /// <summary>K_gNB (TS 33.501 A.9) from this context's K_AMF and <paramref name="uplink"/> (the COUNT of the initial message that set the UE's context up again).</summary>
    public SecretBytes Kgnb(NasCount uplink) => Context.Kgnb(uplink);

    /// <summary><paramref name="message"/> integrity protected and ciphered with this context at its next downlink NAS COUNT; null when the COUNT is exhausted.</summary>
    public byte[]? Protect(FiveGmmMessage message) => Security.ProtectDownlink(message);

    public void Dispose() => Security.Dispose();

    public override string ToString() => $"UE context of {Guti} (keys masked)";
}

/// <summary>
/// The UE contexts the harness AMF keeps while it runs (TS 23.502 4.2.2.2.2, TS 24.501 5.5.1.2.4): one per registered UE, found
/// again by the 5G-GUTI (REGISTRATION REQUEST, DEREGISTRATION REQUEST) or 5G-S-TMSI (SERVICE REQUEST) it issued. Bounded in
/// number (<see cref="MaxContexts"/>; the oldest goes first), one per SUPI (a new registration replaces the old context).
/// Not thread-safe: one AMF procedure at a time uses it.
/// </summary>
public sealed class AmfUeContexts : IDisposable
{
    /// <summary>Bound on the contexts kept: a run registers a handful of test UEs.</summary>
    public const int MaxContexts = 64;

    private readonly List<AmfUeContext> contexts = [];

    public int Count => contexts.Count;

    /// <summary>Keeps <paramref name="security"/> (taken over: the store disposes it) as the context of <paramref name="imsi"/> under <paramref name="guti"/>.</summary>
    public AmfUeContext Keep(GutiIdentity guti, string imsi, AmfNasSecurity security)
    {
        ArgumentNullException.ThrowIfNull(guti);
        ArgumentException.ThrowIfNullOrEmpty(imsi);
        ArgumentNullException.ThrowIfNull(security);
        if (security.Context is null || security.Smc != SmcOutcome.Completed) throw new ArgumentException("only a context whose security mode control completed is kept", nameof(security));
        foreach (var stale in contexts.Where(c => c.Imsi == imsi || c.Guti.Tmsi == guti.Tmsi).ToList()) Drop(stale);
        if (contexts.Count >= MaxContexts) Drop(contexts[0]);
        var kept = new AmfUeContext(guti, imsi, security);
        contexts.Add(kept);
        return kept;
    }

    public AmfUeContext? Find(GutiIdentity guti) => contexts.FirstOrDefault(c => c.Has(guti));

    public AmfUeContext? Find(STmsiIdentity sTmsi) => contexts.FirstOrDefault(c => c.Has(sTmsi));

    /// <summary>Drops (and disposes) <paramref name="context"/>: a de-registered UE's context is gone (TS 24.501 5.5.2.2.3).</summary>
    public bool Drop(AmfUeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!contexts.Remove(context)) return false;
        context.Dispose();
        return true;
    }

    public void Dispose()
    {
        foreach (var c in contexts) c.Dispose();
        contexts.Clear();
    }
}
