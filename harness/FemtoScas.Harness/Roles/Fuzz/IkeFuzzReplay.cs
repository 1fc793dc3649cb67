using System.Net;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Roles.Segw;

namespace FemtoScas.Harness.Roles.Fuzz;

/// <summary>
/// Replays saved IKE fuzz inputs against a DUT whose controller can trigger its tunnel (SimFemto
/// in <c>femtoscas replay-ike</c>), outside a test case: the same fuzzing SeGW as the case's
/// (<see cref="TunnelSession.OptionsFor"/>'s settings, without a case's pcapng), a liveness tunnel
/// before the first input and after the last.
/// </summary>
public static class IkeFuzzReplay
{
    public static async Task<IkeFuzzResult> RunAsync(DutProfile profile, IDutController dut, IReadOnlyList<IkeFuzzInput> inputs, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(dut);
        ArgumentNullException.ThrowIfNull(inputs);
        var pixit = profile.Pixit;
        var settings = RobustnessFuzzing.Settings(pixit) with { MaxInputs = inputs.Count, LivenessEvery = Math.Max(1, inputs.Count), MaxTime = TimeSpan.FromHours(1) };
        var pki = TestPki.Load(TestPki.FindFixturesDirectory(AppContext.BaseDirectory)
            ?? throw new HarnessEnvironmentException($"no fixtures/pki above {AppContext.BaseDirectory}: the fuzzing SeGW has no certificates"));
        using var subscriber = profile.Pics.GetValueOrDefault("hpmAuthentication") && pixit.HpmCredentials is { } c ? new AkaSubscriber(c.K, c.Opc) : null;
        var mutator = new IkeFuzzMutator();
        var presented = pki["segw-ecdsa"];
        var options = new SegwOptions
        {
            IkeProposals = HarnessSegwProposals.Default.Ike,
            EspProposals = HarnessSegwProposals.Default.Esp,
            Credentials = IkeCredentials.FromTestPki(presented),
            TrustAnchors = [.. pki.OperatorTrustAnchors.Select(e => e.CertificateDer)],
            LocalEndPoint = new IPEndPoint(pixit.HarnessAddress, pixit.SegwIkePort ?? 0),
            MaxRetransmits = 2,
            Interception = mutator.Interception,
            HostingPartyAuth = subscriber is null ? null : new HostingPartyAuthOptions(subscriber) { Required = false },
        };
        SegwResponder segw;
        try { segw = new SegwResponder(options with { NatTLocalEndPoint = new IPEndPoint(pixit.HarnessAddress, TunnelSession.NatTPort) }); }
        catch (InvalidOperationException e)
        {
            log($"no NAT-T socket ({e.Message}): a DUT that floats cannot complete IKE_AUTH");
            segw = new SegwResponder(options);
        }
        await using (segw.ConfigureAwait(false))
        {
            segw.Start();
            log($"fuzzing SeGW at {segw.LocalEndPoint} (NAT-T {segw.NatTLocalEndPoint?.ToString() ?? "none"}), {(subscriber is null ? "certificate only" : "with EAP-AKA")}; {settings.Describe()}");
            var campaign = new IkeFuzzCampaign(settings, mutator, segw, (s, ct) => dut.TryTriggerTunnelAsync(s.LocalEndPoint, s.NatTLocalEndPoint, ct));
            return await campaign.RunAsync(inputs, log, cancellationToken).ConfigureAwait(false);
        }
    }
}
