using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.Tests.Crypto;
using FemtoScas.Harness.Tests.Sctp;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// NRF-CAG-ACCESS's trials without a tunnel: SimFemto's NG-RAN node over an in-memory inner channel, its emulated
/// Uu on loopback (system-chosen port), the UE stub and the harness AMF; the judgement over what they showed —
/// clean, and with each CAG access fault.
/// </summary>
[TestFixture]
public sealed class SimFemtoCagAccessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    /// <summary>SimFemto's NG-RAN node and emulated Uu, the harness AMF with NG Setup done, and a UE stub on loopback.</summary>
    private sealed class Bench : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> owned = [];
        public AmfRole Amf { get; private set; } = null!;
        public UeStub Ue { get; private set; } = null!;

        public static async Task<Bench> StartAsync(string[] faults)
        {
            SctpLinkPair.RequireStack();
            var core = AmfRoleTests.Core;
            var binding = core.Femtos[0];
            var options = new SimFemtoOptions
            {
                Address = IPAddress.Loopback,
                Faults = SimFemtoFaults.Validate(faults),
                Cell = new SimFemtoCell(core.Mcc, core.Mnc, binding.CagCells.First(), binding.Tacs[0], [1], binding.CagIds, core.AmfAddress) { NonCagCellIdentity = binding.NonCagCells[0] },
            };
            var bench = new Bench();
            var log = new SimFemtoLog(null);
            var ues = new SimFemtoUes(options, log);
            var radio = new SimFemtoRadio(log);
            bench.owned.Add(radio);
            radio.SwitchOn("test: tunnel considered up");
            var air = new SimFemtoAir(options, log, radio, ues, 0);
            bench.owned.Add(air);
            air.Start();
            var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(core.AmfAddress, IPAddress.Parse("10.45.0.2"));
            var (amf, unavailable) = AmfRole.Start(operatorSide, core, Wait);
            Assert.That(amf, Is.Not.Null, unavailable?.ToString());
            bench.owned.Add(amf!);
            bench.Amf = amf!;
            var ngRan = SimFemtoNgRan.Start(options, log, ues, femtoSide);
            if (ngRan is not null) bench.owned.Add(ngRan);
            Assert.That(await amf!.WaitForNgSetupAsync(Wait), Is.True, amf.Observe().Why);
            bench.Ue = new UeStub(IPAddress.Loopback, new IPEndPoint(IPAddress.Loopback, air.Port));
            return bench;
        }

        public async ValueTask DisposeAsync()
        {
            Ue?.Dispose();
            for (var i = owned.Count - 1; i >= 0; i--) await owned[i].DisposeAsync();
        }
    }

    /// <summary>TS 35.208 4.3 test set 2 K/OPc (SimFemto's profile's test subscriber): published test values, never a real subscriber's.</summary>
    internal static readonly FemtoScas.Harness.Dut.CardCredentials Subscriber = new(Hex.Bytes("0396eb317b6d1c36f19c1c84cd6ffd16"), Hex.Bytes("53c15671c60a4b731c55b4a441c0bde2"), null);

    private static Task<(Decision Decision, IReadOnlyList<CagTrialOutcome> Trials, IReadOnlyList<CagHandoverOutcome> Handovers)> RunAsync(params string[] faults) =>
        RunAsync(true, faults);

    private static async Task<(Decision Decision, IReadOnlyList<CagTrialOutcome> Trials, IReadOnlyList<CagHandoverOutcome> Handovers)> RunAsync(bool withSubscriber, params string[] faults)
    {
        await using var bench = await Bench.StartAsync(faults);
        // The profile's home network key: the TS 33.501 C.4.3 Profile A test key (SimFemto's profile holds it too); the UE conceals with it.
        var core = AmfRoleTests.Core with { HomeNetworkKeys = [new FemtoScas.Harness.Suci.HomeNetworkKey(FemtoScas.Harness.Suci.SuciScheme.ProfileA, 1,
            Hex.Bytes("c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d"))] };
        var binding = core.Femtos[0];
        var plans = CagAccessTrials.Plan(core, binding, ["001010000000101", "001010000000102"]);
        using var security = withSubscriber ? new CagTrialSecurity(Subscriber, core) : null;
        var trials = await CagAccessTrials.RunAsync(bench.Amf, bench.Ue, plans, core, Wait, CancellationToken.None, security);
        var handovers = await CagAccessTrials.RunHandoversAsync(bench.Amf, plans, core, binding, Wait, CancellationToken.None, security);
        if (security is not null)
        {
            LastKeys = NasKeyFile.Format(security.Keys);
            // The SECURITY MODE COMPLETE (security header type 4) of the first UE, as the femto relayed it to the AMF.
            var complete = await bench.Amf.WaitForAsync(m => m.Rule == NgapMessageRules.UplinkNasTransport && m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value == 1000
                && m.Get<FemtoScas.Harness.Ngap.Ies.NasPdu>(NgapIeId.NasPdu)?.Octets is [0x7E, var header, ..] && (header & 0x0F) == 4, 0, Wait);
            FirstSmcComplete = complete?.Get<FemtoScas.Harness.Ngap.Ies.NasPdu>(NgapIeId.NasPdu)?.Octets ?? [];
        }
        return (CagAccessJudgement.Decide(bench.Amf.Observe(), trials, handovers, null, binding), trials, handovers);
    }

    /// <summary>The NAS key file text of the last run with a test subscriber.</summary>
    private static string LastKeys { get; set; } = "";

    /// <summary>The first UE's SECURITY MODE COMPLETE as the AMF received it in that run.</summary>
    private static byte[] FirstSmcComplete { get; set; } = [];

    [Test]
    public async Task Uplink_NAS_of_a_UE_reaches_the_AMF_as_UPLINK_NAS_TRANSPORT_with_the_NGAP_IDs_the_cell_learnt()
    {
        await using var bench = await Bench.StartAsync([]);
        var (amf, ue) = (bench.Amf, bench.Ue);
        var from = amf.ReceivedCount;
        await ue.RegisterAsync("001010000000101", 0x00066C001, CancellationToken.None);
        var initial = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.InitialUeMessage, from, Wait);
        Assert.That(initial?.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value, Is.Not.Null, "INITIAL UE MESSAGE with a RAN UE NGAP ID");
        var ranUeId = initial!.Get<NgapInteger>(NgapIeId.RanUeNgapId)!.Value;

        // Before the AMF spoke to the UE, the cell knows no AMF UE NGAP ID: the uplink NAS has nowhere to go.
        var early = new byte[] { 0x7E, 0x00, 0x57, 0x2D, 0x10 };
        var from1 = amf.ReceivedCount;
        await ue.SendUplinkNasAsync(early, CancellationToken.None);
        Assert.That(await amf.WaitForAsync(m => m.Rule == NgapMessageRules.UplinkNasTransport, from1, TimeSpan.FromMilliseconds(500)), Is.Null);

        const long amfUeId = 4242;
        var downlink = new byte[] { 0x7E, 0x00, 0x56, 0x00 };
        Assert.That(await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(amfUeId, ranUeId, downlink), "DownlinkNASTransport"), Is.True);
        var until = DateTime.UtcNow + Wait;
        while (ue.Downlinks.Count == 0 && DateTime.UtcNow < until) await Task.Delay(20);
        Assert.That(ue.Downlinks.Select(d => d.Frame.Nas), Has.Some.EqualTo(downlink), "the cell relays the downlink NAS");

        var answer = new byte[] { 0x7E, 0x00, 0x57, 0x2D, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
        var from2 = amf.ReceivedCount;
        await ue.SendUplinkNasAsync(answer, CancellationToken.None);
        var up = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.UplinkNasTransport, from2, Wait);
        Assert.That(up, Is.Not.Null, "UPLINK NAS TRANSPORT");
        Assert.That(up!.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value, Is.EqualTo(amfUeId));
        Assert.That(up.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value, Is.EqualTo(ranUeId));
        Assert.That(up.Get<FemtoScas.Harness.Ngap.Ies.NasPdu>(NgapIeId.NasPdu)?.Octets, Is.EqualTo(answer));
        Assert.That(up.Get<UserLocationInformationNr>(NgapIeId.UserLocationInformation), Is.Not.Null);
    }

    [Test]
    public async Task Five_G_AKA_and_SECURITY_MODE_CONTROL_run_through_the_femto_and_both_ends_derive_the_same_KgNB()
    {
        // TS 35.208 4.3 test set 1 K/OPc: a published test subscriber, never a real one.
        using var home = new FemtoScas.Harness.SmartCard.Aka.Milenage(Hex.Bytes("465b5ce8b199b49faa5f0a2ee238a6bc"), Hex.Bytes("cd63cb71954a9f4e48a5994e37a02baf"));
        using var usim = new FemtoScas.Harness.SmartCard.Aka.Milenage(Hex.Bytes("465b5ce8b199b49faa5f0a2ee238a6bc"), Hex.Bytes("cd63cb71954a9f4e48a5994e37a02baf"));
        const string imsi = "001010000000101";
        var snn = FemtoScas.Harness.Crypto.Nr.FiveGKeyDerivation.ServingNetworkName("001", "01");
        var capability = FemtoScas.Harness.Nas.Ies.UeSecurityCapability.Of([0, 1, 2, 3], [1, 2, 3]);
        using var amfNas = new AmfNasSecurity(home, "imsi-" + imsi, snn, 5, FemtoScas.Harness.Nas.Ies.NasKeySetIdentifier.Native(0));
        using var ueNas = new UeNasSecurity(usim, "imsi-" + imsi, snn, 4, capability);
        await using var bench = await Bench.StartAsync([]);
        var (amf, ue) = (bench.Amf, bench.Ue);
        ue.AnswerWith(ueNas);

        var from = amf.ReceivedCount;
        await ue.RegisterAsync(imsi, 0x00066C001, CancellationToken.None);
        var initial = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.InitialUeMessage, from, Wait);
        var ranUeId = initial?.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value;
        Assert.That(ranUeId, Is.Not.Null, "INITIAL UE MESSAGE with a RAN UE NGAP ID");
        var registration = initial!.Get<FemtoScas.Harness.Ngap.Ies.NasPdu>(NgapIeId.NasPdu)!.Octets;
        Assert.That(Convert.ToHexString(registration), Does.Contain(Convert.ToHexString(capability.Encode())), "REGISTRATION REQUEST carries the UE security capability");

        const long amfUeId = 77;
        async Task<byte[]?> ExchangeAsync(byte[] downlink, string name)
        {
            var at = amf.ReceivedCount;
            Assert.That(await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(amfUeId, ranUeId!.Value, downlink), name), Is.True);
            var up = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.UplinkNasTransport, at, Wait);
            Assert.That(up?.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value, Is.EqualTo(amfUeId), $"UPLINK NAS TRANSPORT answering {name}");
            return up!.Get<FemtoScas.Harness.Ngap.Ies.NasPdu>(NgapIeId.NasPdu)?.Octets;
        }

        var authAnswer = await ExchangeAsync(amfNas.AuthenticationRequest(RandomNumberGenerator.GetBytes(16)), "AUTHENTICATION REQUEST");
        Assert.That(amfNas.CheckAuthenticationAnswer(authAnswer), Is.EqualTo(AkaOutcome.Authenticated), amfNas.Why);
        var smc = amfNas.SecurityModeCommand(capability);
        Assert.That(smc, Is.Not.Null, amfNas.Why);
        var smcAnswer = await ExchangeAsync(smc!, "SECURITY MODE COMMAND");
        Assert.That(amfNas.CheckSecurityModeAnswer(smcAnswer), Is.EqualTo(SmcOutcome.Completed), amfNas.Why);
        using var amfKgnb = amfNas.Kgnb();
        using var ueKgnb = ueNas.Kgnb();
        Assert.That(amfKgnb, Is.Not.Null);
        Assert.That(ueKgnb, Is.Not.Null, ueNas.Why);
        Assert.That(amfKgnb!.Span.SequenceEqual(ueKgnb!.Span), Is.True, "KgNB of the AMF and of the UE");
        Assert.That(ue.Answered, Is.EqualTo(2));
    }

    [Test]
    public async Task Clean_SimFemto_serves_the_allowed_UE_and_refuses_the_other()
    {
        var (d, trials, handovers) = await RunAsync();
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        Assert.That(handovers.Select(h => h.Answer), Is.EqualTo(new[] { HandoverAnswer.Acknowledged, HandoverAnswer.Failed }));
        Assert.That(handovers[1].Cause, Is.EqualTo(new FemtoScas.Harness.Ngap.Ies.Cause(FemtoScas.Harness.Ngap.Ies.CauseGroup.RadioNetwork, FemtoScas.Harness.Ngap.Ies.Cause.RadioNetworkCagOnlyAccessDenied)));
        Assert.That(handovers[1].CellCagInformation?.CagIds, Is.EqualTo(AmfRoleTests.Core.Femtos[0].CagIds));
        Assert.That(handovers.Select(h => h.KeySource), Is.All.EqualTo("NCC 1, NH derived from the UE's KAMF and KgNB (TS 33.501 A.10)"));
        Assert.That(d.Reason, Does.Contain("cag-only-access-denied"));
        Assert.That(trials.Select(t => t.Answer), Is.EqualTo(new[] { UeContextAnswer.Served, UeContextAnswer.Failed, UeContextAnswer.None, UeContextAnswer.Served, UeContextAnswer.Failed }));
        // The non-CAG cell: its own NR cell identity, no CellCAGList, the CAG-only UE refused with cag-only-access-denied.
        Assert.That(trials[3].Initial?.Location?.Cgi.CellIdentity, Is.EqualTo(0x00066C002UL));
        Assert.That(trials[3].Initial?.CellCagList, Is.Null);
        Assert.That(trials[4].AmfWouldReject, Is.True, "the AMF's own check would reject a CAG-only UE in a non-CAG cell (#76)");
        Assert.That(trials[4].Cause, Is.EqualTo(new FemtoScas.Harness.Ngap.Ies.Cause(FemtoScas.Harness.Ngap.Ies.CauseGroup.RadioNetwork, FemtoScas.Harness.Ngap.Ies.Cause.RadioNetworkCagOnlyAccessDenied)));
        Assert.That(d.Reason, Does.Contain("the non-CAG cell reported no CAG ID"));
        Assert.That(trials[1].AmfWouldReject, Is.True, "the AMF's own check would have rejected the UE (#76)");
        Assert.That(trials[2].Why, Does.Contain("REGISTRATION REJECT #76").And.Contain("the UE received it"));

        // 5G AKA and NAS SMC ran through the femto for both UEs whose context was set up, not for the one the AMF rejected.
        Assert.That(trials.Select(t => t.Security?.State), Is.EqualTo(new TrialNasSecurityState?[]
            { TrialNasSecurityState.Established, TrialNasSecurityState.Established, TrialNasSecurityState.NotRun, TrialNasSecurityState.Established, TrialNasSecurityState.Established }));
        Assert.That(trials[0].Security!.Selected, Is.EqualTo(new FemtoScas.Harness.Nas.Ies.NasSecurityAlgorithms(2, 2)), "NEA2/NIA2 first");
        Assert.That(trials[0].Security!.Uplink?.Value, Is.EqualTo(0u), "SECURITY MODE COMPLETE is the first uplink NAS of the new context");
        Assert.That(trials[0].Security!.NextDownlink?.Value, Is.EqualTo(1u));
        Assert.That(d.Reason, Does.Contain("authenticated (5G AKA)"));
        // The served UEs end with a complete registration: protected REGISTRATION ACCEPT in INITIAL CONTEXT SETUP REQUEST, the
        // UE's protected REGISTRATION COMPLETE verified; the UE the cell refused gets no complete registration.
        foreach (var served in new[] { trials[0], trials[3] })
            Assert.That(served.Registration, Does.StartWith("complete: REGISTRATION ACCEPT (5G-GUTI 001-01").And.Contain("REGISTRATION COMPLETE verified (uplink NAS COUNT 0:1)")
                .And.Contain("CAG information list 001-01").And.Contain(AmfRoleTests.Core.Femtos[0].CagIds[0].ToString("X8")), served.Plan.Name);
        Assert.That(trials[1].Registration, Does.Contain("the cell did not serve the UE"));
        // Identification: the SUCI (Profile A) de-concealed; the UE given a 5G-GUTI in trial 0 registers with it in trial 3, and the AMF,
        // which kept the UE's context after its REGISTRATION COMPLETE, recognises it (no IDENTITY REQUEST) and verifies the message.
        Assert.That(trials[0].Security!.Identity, Is.EqualTo("SUCI (Profile A, key 1) de-concealed to the test UE's SUPI"));
        Assert.That(trials[1].Security!.Identity, Is.EqualTo("SUCI (Profile A, key 1) de-concealed to the test UE's SUPI"));
        // TS 24.501 4.4.6: the first registration with cleartext IEs only, the returning UE (context and 5G-GUTI) with the container.
        Assert.That(trials[0].Security!.InitialNas, Does.StartWith("REGISTRATION REQUEST with cleartext IEs only; SECURITY MODE COMPLETE carries the entire REGISTRATION REQUEST"));
        Assert.That(trials[3].Security!.InitialNas, Does.StartWith("REGISTRATION REQUEST integrity protected with the stored context, verified; the entire message deciphered from its NAS message container").And.Contain("requested NSSAI"));
        Assert.That(trials.Where(t => t.Security is not null).SelectMany(t => t.Security!.InitialNasFindings), Is.Empty);
        Assert.That(trials[3].Security!.Identity, Does.StartWith("5G-GUTI 001-01 region 1 set 1 pointer 0")
            .And.Contain("issued by this AMF and recognised (no IDENTITY REQUEST); initial REGISTRATION REQUEST verified with the stored context at uplink NAS COUNT 0:2")
            .And.Contain("its NAS message container deciphered"));
        Assert.That(trials[0].Registration, Does.Contain("UE context kept under 5G-GUTI 001-01"));
        Assert.That(trials[2].Registration, Is.Null, "the AMF rejected the UE itself");
        var rows = LastKeys.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        Assert.That(rows[0], Is.EqualTo(NasKeyFile.Header));
        Assert.That(rows, Has.Count.EqualTo(5), "one row per UE that completed SMC");
        var first = rows[1].Split(',');
        Assert.That(first[0..2], Is.EqualTo(new[] { "1000", "1" }), "AMF and RAN UE NGAP IDs find the UE's NAS in the capture");
        Assert.That(first[7..].Select(k => k.Length), Is.EqualTo(new[] { 32, 32, 64 }), "K_NASint, K_NASenc 16 octets; KgNB 32");
        Assert.That(LastKeys, Does.Not.Contain("0396eb317b6d1c36f19c1c84cd6ffd16").And.Not.Contain("53c15671c60a4b731c55b4a441c0bde2"), "never K or OPc");

        // Independent check of the key file (BouncyCastle's AES-CMAC and AES-CTR, not the harness's NIA2/NEA2): the first row's
        // K_NASint verifies the MAC of the SECURITY MODE COMPLETE the femto relayed (uplink NAS COUNT 0, BEARER 0), and its
        // K_NASenc deciphers it to SECURITY MODE COMPLETE.
        Assert.That(first[4..6], Is.EqualTo(new[] { "2", "2" }), "NEA2 / NIA2");
        Assert.That(FirstSmcComplete, Has.Length.GreaterThan(7), "the first UE's SECURITY MODE COMPLETE reached the AMF");
        var mac = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(FirstSmcComplete.AsSpan(2));
        Assert.That(new FemtoScas.Harness.Tests.Nas.TestNia2(Convert.FromHexString(first[7])).ComputeMac(0, 0, FemtoScas.Harness.Crypto.Nr.NrDirection.Uplink, FirstSmcComplete.AsSpan(6)),
            Is.EqualTo(mac));
        var plain = new byte[FirstSmcComplete.Length - 7];
        new FemtoScas.Harness.Tests.Nas.TestNea2(Convert.FromHexString(first[8])).Apply(0, 0, FemtoScas.Harness.Crypto.Nr.NrDirection.Uplink, FirstSmcComplete.AsSpan(7), plain);
        Assert.That(plain[..3], Is.EqualTo(new byte[] { 0x7E, 0x00, 0x5E }), "plain 5GMM SECURITY MODE COMPLETE (TS 24.501 8.2.26)");
    }

    [Test]
    public async Task Without_a_test_subscriber_the_trials_run_without_NAS_security_and_the_pass_says_so()
    {
        var (d, trials, _) = await RunAsync(false);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        Assert.That(trials[0].Security?.State, Is.EqualTo(TrialNasSecurityState.NotRun));
        Assert.That(trials[0].Registration, Is.EqualTo("REGISTRATION ACCEPT not sent: no NAS security context"));
        Assert.That(d.Reason, Does.Contain("no testSubscriber").And.Contain("relaying of protected NAS was not checked"));
    }

    [Test]
    public async Task Cag_not_enforced_fails_naming_the_served_UE()
    {
        var (d, _, _) = await RunAsync(SimFemtoFaults.CagNotEnforced);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("INITIAL CONTEXT SETUP RESPONSE instead of a refusal").And.Contain("FFFFFF00"));
        Assert.That(d.Reason, Does.Contain("HANDOVER REQUEST ACKNOWLEDGE instead of HANDOVER FAILURE"));
    }

    [Test]
    public async Task Cag_handover_not_enforced_fails_naming_the_acknowledged_handover()
    {
        var (d, trials, _) = await RunAsync(SimFemtoFaults.CagHandoverNotEnforced);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(trials[1].Answer, Is.EqualTo(UeContextAnswer.Failed), "the context set-up check still holds");
        Assert.That(d.Reason, Does.Contain("HANDOVER REQUEST ACKNOWLEDGE instead of HANDOVER FAILURE").And.Contain("FFFFFF00"));
        Assert.That(d.Reason, Does.Not.Contain("INITIAL CONTEXT SETUP RESPONSE"));
    }

    [Test]
    public async Task Cag_only_UE_served_in_the_non_CAG_cell_fails_naming_the_cell()
    {
        var (d, trials, _) = await RunAsync(SimFemtoFaults.CagOnlyUeServedInNonCagCell);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(trials[1].Answer, Is.EqualTo(UeContextAnswer.Failed), "the CAG cell's check still holds");
        Assert.That(d.Reason, Does.Contain("non-CAG cell 00066C002 served a UE restricted to CAG cells"));
        Assert.That(d.Reason, Does.Not.Contain("HANDOVER REQUEST ACKNOWLEDGE"));
    }

    [Test]
    public async Task Cag_list_not_reported_fails_naming_the_IE()
    {
        var (d, _, _) = await RunAsync(SimFemtoFaults.CagListNotReported);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("no NPN-AccessInformation (CellCAGList"));
    }
}
