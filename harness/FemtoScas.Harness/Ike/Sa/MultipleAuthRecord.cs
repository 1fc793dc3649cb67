using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Eap;

namespace FemtoScas.Harness.Ike.Sa;

/// <summary>
/// What was observed of RFC 4739 multiple authentication and its EAP-AKA round on one IKE SA —
/// for a femto, the hosting party authentication after the device certificate (TS 33.320 7.2).
/// Written by the roles, read by test cases; holds no key material.
/// </summary>
public sealed class MultipleAuthRecord
{
    private readonly List<string> _log = [];

    /// <summary>The peer sent N(MULTIPLE_AUTH_SUPPORTED) (RFC 4739 3.1).</summary>
    public bool PeerSupportsMultipleAuth { get; internal set; }

    /// <summary>The initiator's first IKE_AUTH request carried N(ANOTHER_AUTH_FOLLOWS) (RFC 4739 3.2).</summary>
    public bool AnotherAuthFollows { get; internal set; }

    /// <summary>The identity of the second authentication (the hosting party's), once stated.</summary>
    public IdentificationPayload? SecondIdentity { get; internal set; }

    /// <summary>Outcome of the EAP method; null while it has not run.</summary>
    public EapState? Eap { get; internal set; }
    public string? EapFailureReason { get; internal set; }

    /// <summary>The SeGW checked RES against XRES from the subscriber's K/OPc and it matched.</summary>
    public bool ResVerified { get; internal set; }

    /// <summary>EAP-Failure was sent (SeGW) or received (initiator).</summary>
    public bool EapFailureExchanged { get; internal set; }

    /// <summary>The peer sent its closing AUTH although EAP ended in EAP-Failure (it must not: RFC 7296 2.16).</summary>
    public bool FinalAuthAfterEapFailure { get; internal set; }

    /// <summary>The AUTH payloads computed from the EAP MSK verified (RFC 7296 2.16).</summary>
    public bool MskAuthVerified { get; internal set; }

    public IReadOnlyList<string> Log => _log;

    internal void Note(string line) => _log.Add(line);
}
