using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interop;
using FemtoScas.Harness.Judgements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Interop;

/// <summary>
/// NRF-NAT-T's NAT pretence against an independent IKEv2 stack: our SeGW's NAT_DETECTION hashes over a
/// mapped address (<see cref="FemtoScas.Harness.Ike.Roles.SegwOptions.PretendNat"/>) make a real strongSwan charon
/// conclude that it is behind a NAT (its own log says so) and send NAT keepalives at its configured
/// keep_alive, which our ESP endpoint logs and <see cref="NatTraversalJudgement"/> accepts. The control:
/// without the pretence charon sees no NAT and sends none (kernel-libipsec still encapsulates ESP in UDP).
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class StrongSwanNatTraversalInteropTests
{
    private const string Ike = "aes256gcm16-prfsha384-ecp384";
    private const string Esp = "aes256gcm16";

    [TestCase(true)]
    [TestCase(false)]
    public async Task Charon_behind_the_pretended_NAT_floats_and_keeps_alive_and_only_then(bool pretend)
    {
        await using var lab = InteropLab.Create();
        var interval = TimeSpan.FromSeconds(1);
        var swan = await lab.StartCharonAsync(lab.Femto() with { IkeProposals = Ike, EspProposals = Esp, NatKeepalive = interval });
        var segw = lab.Segw(lab.SegwOptions("segw-ecdsa", Ike, Esp) with { PretendNat = pretend });
        await using var endpoint = EspEndpoint.Attach(segw);

        var initiate = await swan.InitiateAsync(TimeSpan.FromSeconds(20));
        var sa = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));
        Assert.That(initiate.ExitCode, Is.Zero, lab.Diagnostics(initiate.ToString()));
        Assert.That(sa, Is.Not.Null, lab.Diagnostics());
        Assert.That(sa!.AuthArrival?.NatT, Is.True, "kernel-libipsec makes charon float whatever NAT detection says");

        var from = DateTimeOffset.UtcNow;
        await Task.Delay(interval * 3 + NatTraversalJudgement.KeepaliveTolerance(interval));
        var to = DateTimeOffset.UtcNow;
        var seen = endpoint.Keepalives.Where(k => k.Source.Address.Equals(StrongSwanNamespace.NamespaceAddress)).Select(k => k.At).ToList();
        var log = File.ReadAllText(swan.CharonLogPath);
        TestContext.Progress.WriteLine($"charon, pretended NAT {pretend}: {seen.Count} keepalive(s) in {(to - from).TotalSeconds:0.0} s");
        if (!pretend)
        {
            Assert.That(seen, Is.Empty, lab.Diagnostics("charon sent keepalives without a NAT"));
            Assert.That(log, Does.Not.Contain("local host is behind NAT"));
            return;
        }

        Assert.That(log, Does.Contain("local host is behind NAT"), lab.Diagnostics("charon did not take our hashes for a NAT"));
        var outcome = NatTraversalJudgement.Judge(
            new(sa.FirstRemoteEndPoint, segw.LocalEndPoint, segw.NatTLocalEndPoint, sa.AuthArrival),
            new(1, 1, 1, 1), // ESP both ways is StrongSwanEspInteropTests' subject; here only float and keepalives.
            new(seen, from, to, interval), null);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(FemtoScas.Harness.Requirements.Verdict.Pass), outcome.Decision.Reason + "\n" + lab.Diagnostics());
    }
}
