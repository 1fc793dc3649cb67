using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Roles.Backhaul;
using FemtoScas.Harness.Roles.Segw;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>What the harness AMF saw of the DUT's NG-C, and the identity the DUT proved in IKE_AUTH for the tunnel NG-C ran in.</summary>
public sealed record NgcSeen(AmfObservation Amf, string? AuthenticatedIdentity);

/// <summary>
/// The one way a case watches the DUT's NG-C: tunnel up with the harness SeGW (good certificate), the harness
/// AMF on the core section's AMF address inside it, NG Setup awaited, the test UEs attached (operator-assisted;
/// SimFemto's emulated UEs) and their INITIAL UE MESSAGEs awaited; every inner SCTP packet goes into the case's
/// pcapng (tshark decodes NGAP by PPID 60), and the procedures and what the DUT reported into the evidence tables.
/// </summary>
public static class NgcObservation
{
    /// <summary>
    /// The IDi the DUT proved: AUTH, verified with its certificate's key, covers IDi (RFC 7296 2.15), and the
    /// certificate must carry that identity (RFC 4945 3.1); null when it does not.
    /// </summary>
    public static string? ProvedIdentity(Ike.Sa.IkeSa sa)
    {
        ArgumentNullException.ThrowIfNull(sa);
        if (sa.PeerIdentity is not { } idi || sa.PeerCertificate is not { } der || Crypto.X509.X509FactsReader.ReadCertificate(der).Value is not { } cert)
            return null;
        var match = Crypto.X509.IdentityMatcher.Match(new Crypto.X509.IkeIdentity((Algorithms.IkeIdType)idi.IdType, idi.Data.ToArray()), cert);
        return match.Matches ? idi.Describe() : null;
    }

    /// <summary>
    /// Watches NG-C; once NG Setup is answered, <paramref name="drive"/> (when given) acts through the AMF instead of the
    /// operator attaching the test UEs (e.g. <see cref="CagAccessTrials"/>).
    /// </summary>
    public static Task<NgcSeen> ObserveAsync(IRoleScope t, Func<AmfRole, Task>? drive = null) =>
        ObserveWithChannelAsync(t, drive is null ? null : (amf, _) => drive(amf));

    /// <summary>As <see cref="ObserveAsync"/>, <paramref name="drive"/> also getting the tunnel's inner channel (the harness UPF's N3 is on it).</summary>
    public static async Task<NgcSeen> ObserveWithChannelAsync(IRoleScope t, Func<AmfRole, IInnerPacketChannel, Task>? drive)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Profile.Core is not { } core)
            return new(new AmfObservation(AmfReach.NoAssociation, "the DUT profile has no core section: no AMF to play", null, [], [], 0), null);

        await using var session = new TunnelSession(t);
        var tunnel = await session.BringUpAsync("segw-ecdsa").ConfigureAwait(false);
        if (tunnel is not { IsEstablished: true, Sa: { } sa })
            return new(new AmfObservation(AmfReach.NoAssociation, $"no tunnel for NG-C to run in ({tunnel.Kind}: {tunnel.Why})", null, [], [], 0), null);
        var identity = ProvedIdentity(sa);
        var (channel, whyNot) = session.OpenInnerChannel(tunnel, core.AmfAddress);
        if (channel is null)
            return new(new AmfObservation(AmfReach.NoAssociation, $"the tunnel's inner packets are out of reach: {whyNot}", null, [], [], 0), identity);

        var (amf, unavailable) = AmfRole.Start(channel, core, t.Pixit.ResponseTimeout * 3, (packet, comment) => t.Recorder.IpPacket(packet, comment));
        if (amf is null) return new(AmfRole.Unavailable(unavailable!), identity);
        AmfObservation seen;
        await using (amf.ConfigureAwait(false))
        {
            t.Step($"tunnel up (DUT authenticated as {identity ?? "an identity its certificate does not carry"}); harness AMF {core.AmfName} listening on {core.AmfAddress}:{AmfRole.NgapPort} inside it");
            var setUp = await amf.WaitForNgSetupAsync(t.Pixit.ResponseTimeout * 3, t.CancellationToken).ConfigureAwait(false);
            if (setUp && drive is not null)
            {
                await drive(amf, channel).ConfigureAwait(false);
            }
            else if (setUp)
            {
                await AttachTestUesAsync(t, amf).ConfigureAwait(false);
            }
            seen = amf.Observe();
        }

        Record(t, seen);
        await tunnel.Segw.DeleteAsync(sa, t.CancellationToken).ConfigureAwait(false);
        return new(seen, identity);
    }

    /// <summary>The operator (or SimFemto) attaches the PIXIT's test UEs; their INITIAL UE MESSAGEs are awaited (bounded). Nothing without test UEs.</summary>
    public static async Task AttachTestUesAsync(IRoleScope t, AmfRole amf)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(amf);
        if (t.Pixit.TestUeIdentities.Count == 0) return;
        await t.AskOperatorAsync(OperatorSteps.AttachTestUes).ConfigureAwait(false);
        await amf.WaitForInitialUesAsync(t.Pixit.TestUeIdentities.Count, t.Pixit.ResponseTimeout * 2, t.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The step line and the evidence tables of what the harness AMF saw.</summary>
    private static void Record(IRoleScope t, AmfObservation seen)
    {
        t.Step($"NG-C: {seen.Why}; {seen.InitialUes.Count} INITIAL UE MESSAGE(s); {seen.MisaddressedSctp} SCTP packet(s) from another inner address");
        t.Evidence.Table(new EvidenceTable("NGAP on NG-C inside the tunnel (TS 38.413)", ["time (UTC)", "direction", "message", "stream", "PPID", "octets", "findings"],
            [.. seen.Exchanges.Select(e => (IReadOnlyList<string>)[e.At.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture),
                e.FromDut ? "DUT -> AMF" : "AMF -> DUT", e.Message, e.Stream.ToString(System.Globalization.CultureInfo.InvariantCulture),
                e.Ppid.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Octets.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Findings])]));
        t.Evidence.Table(new EvidenceTable("What the DUT reported about its node and cells", ["message", "node / RAN UE NGAP ID", "cell (NR CGI)", "TAI / supported TAs", "CellCAGList"],
            [.. (seen.NgSetup is { } s ? [(IReadOnlyList<string>)["NGSetupRequest", s.Node?.ToString() ?? "-", "-", s.SupportedTas?.ToString() ?? "-", "-"]] : Array.Empty<IReadOnlyList<string>>()),
             .. seen.InitialUes.Select(u => (IReadOnlyList<string>)["InitialUEMessage", u.RanUeNgapId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                 u.Location?.Cgi.ToString() ?? "-", u.Location?.Tai.ToString() ?? "-", u.CellCagList?.ToString() ?? "(absent)"])]));
    }

    /// <summary>
    /// The served-tunnel observation of NRF-NGC-IN-TUNNEL with the harness as the core inside the tunnel: the backhaul
    /// capture and inner flows as <see cref="BackhaulObservation.ObserveServedTunnelAsync"/> takes them, while the harness
    /// AMF on the core section's AMF address answers NG Setup and, once a UE registers, sets up one PDU session with the
    /// UPF's UL endpoint at that same inner address (<see cref="PduSessionTrial"/>), waits for the DUT's GTP-U and releases
    /// it. Inner SCTP and GTP-U go into the case's pcapng, the NGAP procedures and the N3 outcome into the evidence; the
    /// served tunnel carries the N3 summary the rule judges. Without a core section the observation is the plain one.
    /// </summary>
    public static async Task<ServedTunnel> ObserveServedTunnelWithCoreAsync(IRoleScope t, TunnelSession session)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(session);
        if (t.Profile.Core is not { } core) return await BackhaulObservation.ObserveServedTunnelAsync(t, session).ConfigureAwait(false);
        N3Observation? n3 = null;
        AmfObservation? seen = null;
        // The session's UE: the harness's test UE when the lab gives one (emulated Uu, test subscriber), else the first that registers.
        var (testUe, noTestUe) = PduSessionUe.For(t.Pixit, core);
        using var ownedTestUe = testUe;
        var served = await BackhaulObservation.ObserveServedTunnelAsync(t, session, inside: new InnerService(core.AmfAddress, async (channel, ct) =>
        {
            var (amf, unavailable) = AmfRole.Start(channel, core, t.Pixit.ResponseTimeout * 3, (packet, comment) => t.Recorder.IpPacket(packet, comment));
            if (amf is null)
            {
                seen = AmfRole.Unavailable(unavailable!);
                n3 = N3Observation.NotTried($"no PDU session: {unavailable}");
                return;
            }
            await using (amf.ConfigureAwait(false))
            {
                t.Step($"harness AMF {core.AmfName} and UPF on {core.AmfAddress} inside the tunnel (NGAP port {AmfRole.NgapPort}, GTP-U port {Gtpu.GtpuPacket.Port})");
                t.Step(testUe is null ? $"PDU session UE: the first that registers ({noTestUe})"
                    : "PDU session UE: the harness's test UE on the emulated Uu, registered with 5G AKA and NAS SECURITY MODE CONTROL through the DUT");
                n3 = await PduSessionTrial.RunAsync(amf, channel, core, t.Pixit.ResponseTimeout, t.Pixit.ResponseTimeout * 2,
                    (packet, comment) => t.Recorder.IpPacket(packet, comment), t.Step, ct, testUe).ConfigureAwait(false);
                // The UE, idle again, comes back with SERVICE REQUEST and de-registers (TS 24.501 5.6.1, 5.5.2.2): the AMF answers from the context it kept.
                if (testUe is not null) await testUe.IdleProceduresAsync(amf, t.Pixit.ResponseTimeout, ct).ConfigureAwait(false);
                seen = amf.Observe();
            }
        })).ConfigureAwait(false);
        if (seen is not null) Record(t, seen);
        n3 ??= N3Observation.NotTried($"no PDU session: the harness core did not run ({served.Why})");
        t.Step($"N3: {n3.Why}; {n3.GtpuInside} GTP-U packet(s) from the DUT to the UPF inside the tunnel");
        t.Evidence.Table(new EvidenceTable("N3: the PDU session the harness core set up through the DUT (TS 38.413 8.2.1, TS 29.281)",
            ["PDU sessions set up", "UL (UPF) GTP-U endpoint", "DL (DUT) GTP-U endpoint", "GTP-U from the DUT inside the tunnel", "of which", "outcome"],
            [[n3.SessionsSetUp.ToString(System.Globalization.CultureInfo.InvariantCulture), n3.Uplink?.ToString() ?? "-", n3.Downlink?.ToString() ?? "-",
              n3.GtpuInside.ToString(System.Globalization.CultureInfo.InvariantCulture),
              $"{n3.Kinds.EchoRequests} Echo Request(s) (answered), {n3.Kinds.GPdusOnUplinkTeid} G-PDU(s) on the UL TEID, {n3.Kinds.Other} other", n3.Why]]));
        RecordTestUe(t, testUe, n3, noTestUe);
        return served with { N3 = new N3Summary(n3.SessionsSetUp, n3.Why) };
    }

    /// <summary>The NAS table of the PDU session's UE (and the NAS key file when its security mode control completed); not judged.</summary>
    private static void RecordTestUe(IRoleScope t, PduSessionUe? testUe, N3Observation n3, string noTestUe)
    {
        const string keyRow = "K_gNB in INITIAL CONTEXT SETUP";
        var rows = new List<(string Step, string Outcome)>();
        if (testUe is null) rows.Add(("test UE", $"none: {noTestUe}; the session's UE is the first that registers"));
        else rows.AddRange(testUe.Rows);
        if (!rows.Any(r => r.Step == keyRow)) rows.Add((keyRow, n3.KeySource ?? "none: no INITIAL CONTEXT SETUP was sent"));
        t.Evidence.Table(new EvidenceTable("NAS of the PDU session's UE (TS 24.501 5.5.1, 5.6.1, 5.5.2; TS 33.501 6.1.3.2, 6.7.2, A.9; through the DUT)",
            ["step", "outcome"], [.. rows.Select(r => (IReadOnlyList<string>)[r.Step, r.Outcome])]));
        if (testUe is null) return;
        foreach (var finding in testUe.Findings) t.Finding(finding);
        if (testUe.Keys.Count > 0) NasKeyFile.Write(t, testUe.Keys);
    }
}
