using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>
/// The crypto-profile ESP probe: the SeGW forces SAr2, then deletes the CHILD_SA; the femto's
/// answer (RFC 7296 1.4.1) tells whether it installed it. In-process, both peers on loopback.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class ForcedEspChoiceTests
{
    private static async Task<(bool? Held, IkeSa Femto)> ForceAsync(IReadOnlyList<string> femtoEsp, string forced)
    {
        await using var segw = new SegwResponder(IkeLab.Segw() with { Misbehaviour = new SegwMisbehaviour { ForcedEspChoice = forced } });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { EspProposals = femtoEsp });
        var femtoSa = await femto.ConnectAsync(segw.LocalEndPoint);
        var sa = segw.Sas.Single(s => s.State == IkeSaState.Established);
        Assert.That(sa.OfferedChildProposals, Has.Count.EqualTo(femtoEsp.Count), "the SeGW keeps SAi2");
        using var serve = new CancellationTokenSource();
        var serving = femto.ServeAsync(TimeSpan.FromSeconds(10), serve.Token);
        var held = await segw.DeleteChildAsync(sa, sa.FirstChildSa!);
        await serve.CancelAsync();
        try { await serving; } catch (OperationCanceledException) { }
        return (held, femtoSa);
    }

    [Test]
    public async Task A_femto_that_did_not_offer_3DES_installs_no_CHILD_SA_and_answers_the_Delete_empty()
    {
        var (held, femto) = await ForceAsync(["aes256gcm16", "aes128-sha256"], "3des-sha256");
        Assert.That(femto.State, Is.EqualTo(IkeSaState.Established), "the IKE SA stands without the CHILD_SA (RFC 7296 1.2)");
        Assert.That(femto.ChildSas, Is.Empty);
        Assert.That(held, Is.False);
    }

    [Test]
    public async Task A_femto_that_offered_3DES_installs_it_and_answers_the_Delete_with_its_own_SPI()
    {
        var (held, femto) = await ForceAsync(["aes256gcm16", "3des-sha256"], "3des-sha256");
        Assert.That(femto.ChildSas.Single().Proposal.Transforms.Select(t => t.Id), Does.Contain((ushort)EncrId.TripleDes));
        Assert.That(held, Is.True);
    }
}
