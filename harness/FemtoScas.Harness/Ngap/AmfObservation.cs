using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Sctp;

namespace FemtoScas.Harness.Ngap;

/// <summary>How far the femto's NG-C got with the harness AMF.</summary>
public enum AmfReach
{
    /// <summary>The harness has no SCTP stack (<see cref="AmfObservation.SctpUnavailable"/> names the library).</summary>
    SctpUnavailable,
    /// <summary>No SCTP association to port 38412 came through the tunnel in time.</summary>
    NoAssociation,
    /// <summary>An association came up but no decodable NG SETUP REQUEST arrived.</summary>
    NoNgSetup,
    /// <summary>NG Setup was answered; NG-C stands.</summary>
    NgSetupAnswered,
}

/// <summary>What NG SETUP REQUEST said about the node (TS 38.413 9.2.6.1): its global RAN node ID and the TAs it supports.</summary>
public sealed record NgSetupReport(GlobalRanNodeId? Node, string? RanNodeName, SupportedTaList? SupportedTas);

/// <summary>
/// What one INITIAL UE MESSAGE said about the cell the UE used (TS 38.413 9.2.5.1): its location (NR CGI, TAI)
/// and the cell's CAG list (NPN-AccessInformation, 9.3.3.46/47); null when the IE was absent.
/// </summary>
public sealed record InitialUeReport(long? RanUeNgapId, UserLocationInformationNr? Location, CellCagList? CellCagList);

/// <summary>One NGAP message either way on NG-C, for the evidence's procedure table.</summary>
public sealed record NgapExchange(DateTimeOffset At, bool FromDut, string Message, ushort Stream, uint Ppid, int Octets, string Findings);

/// <summary>Everything the harness AMF (Roles/Amf) observed of the femto's NG-C; a judgement decides from it.</summary>
public sealed record AmfObservation(
    AmfReach Reach,
    string Why,
    NgSetupReport? NgSetup,
    IReadOnlyList<InitialUeReport> InitialUes,
    IReadOnlyList<NgapExchange> Exchanges,
    long MisaddressedSctp,
    SctpUnavailable? SctpUnavailable = null);
