using System.Collections.Concurrent;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Interception;
using FemtoScas.Harness.Roles.Fuzz;
using FemtoScas.Harness.Tests.IkeEngine;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Fuzz;

/// <summary>
/// The TS 33.117 4.4.4 IKE fuzzer: the schedule is a function of the seed and covers every mutation
/// per cycle; every input, sent by a real SeGW to the harness's own initiator with EAP-AKA, leaves
/// the SeGW serving (no mutation makes its writer throw) and a correct tunnel after it; a peer that
/// dies on a malformed EAP-AKA attribute is found, with a reproducer that names the input and reads back.
/// </summary>
[TestFixture]
public sealed class IkeFuzzerTests
{
    private static readonly byte[] K = Convert.FromHexString("465B5CE8B199B49FAA5F0A2EE238A6BC");
    private static readonly byte[] Opc = Convert.FromHexString("CD63CB71954A9F4E48A5994E37A02BAF");
    private const string Nai = "0001010123456063@nai.epc.mnc010.mcc001.3gppnetwork.org";

    [Test]
    public void The_schedule_is_a_function_of_the_seed_and_each_cycle_uses_every_mutation()
    {
        var a = new IkeFuzzSchedule(7, hostingPartyAuth: true);
        var b = new IkeFuzzSchedule(7, hostingPartyAuth: true);
        var inputs = Enumerable.Range(0, a.CycleLength * 3).Select(a.Input).ToList();
        Assert.That(inputs, Is.EqualTo(Enumerable.Range(0, a.CycleLength * 3).Select(b.Input).ToList()));
        for (int cycle = 0; cycle < 3; cycle++)
            Assert.That(inputs.Skip(cycle * a.CycleLength).Take(a.CycleLength).Select(i => i.Mutation), Is.EquivalentTo(Enum.GetValues<IkeMutation>()));
        Assert.That(inputs.Select(i => i.Mutation).Take(a.CycleLength), Is.Not.EqualTo(Enumerable.Range(0, a.CycleLength).Select(new IkeFuzzSchedule(8, true).Input).Select(i => i.Mutation)));
        Assert.That(inputs.All(i => i.MessageId <= 4 && (!IkeFuzzInput.IsOctetLevel(i.Mutation) || i.MessageId == 0) && (!IkeFuzzInput.NeedsEap(i.Mutation) || i.MessageId == 2)));

        var certificateOnly = new IkeFuzzSchedule(7, hostingPartyAuth: false);
        var plain = Enumerable.Range(0, certificateOnly.CycleLength * 2).Select(certificateOnly.Input).ToList();
        Assert.That(plain.Any(i => IkeFuzzInput.NeedsEap(i.Mutation)), Is.False);
        Assert.That(plain.All(i => i.MessageId <= 1));
    }

    [Test]
    public async Task Every_mutation_reaches_its_message_and_a_conformant_peer_stays_alive()
    {
        var (result, _) = await CampaignAsync(peerDiesOnAttributePastEnd: false, inputs: 2 * new IkeFuzzSchedule(11, true).CycleLength);
        Assert.That(result.Crash, Is.Null, result.StoppedBecause);
        Assert.That(result.Liveness.All(l => l.Alive), string.Join("; ", result.Liveness.Select(l => l.Detail)));
        Assert.That(result.Liveness, Has.Count.EqualTo(1 + result.Inputs.Count / 10 + (result.Inputs.Count % 10 == 0 ? 0 : 1)));
        Assert.That(result.Inputs.Select(i => i.Input.Mutation).Distinct(), Is.EquivalentTo(Enum.GetValues<IkeMutation>()));
        Assert.That(result.Inputs.Where(i => !i.Applied).Select(i => i.Input.ToString()), Is.Empty);
        Assert.That(result.Inputs.Any(i => i.Reaction == IkeFuzzReaction.Refused), "some mutation must be refused by the harness's own initiator");
    }

    [Test]
    public async Task A_peer_that_dies_on_a_malformed_attribute_is_found_with_a_reproducer_that_reads_back()
    {
        var (result, _) = await CampaignAsync(peerDiesOnAttributePastEnd: true, inputs: 40);
        Assert.That(result.Crash, Is.Not.Null, result.StoppedBecause);
        var crash = result.Crash!;
        Assert.That(crash.Check.Alive, Is.False);
        Assert.That(crash.Reproducer, Is.Not.Empty);
        Assert.That(crash.Reproducer[^1].Mutation, Is.AnyOf(IkeMutation.EapAkaAttributeLengthPastEnd, IkeMutation.EapAkaForgedTruncatedAttribute));
        Assert.That(crash.Window, Has.Count.GreaterThanOrEqualTo(crash.Reproducer.Count));

        var saved = new IkeFuzzReproducer("femtoscas-ikefuzz test", 11, "test", crash.Reproducer);
        var read = IkeFuzzReproducer.Parse("repro.json", saved.ToJson());
        Assert.That(read.Inputs, Is.EqualTo(crash.Reproducer));
        Assert.That(read.Seed, Is.EqualTo(11UL));
    }

    [TestCase("{}", "schema")]
    [TestCase("""{"schema": "femtoscas.ike-fuzz-reproducer/1", "tool": "t", "seed": "-1", "why": "w", "inputs": []}""", "seed")]
    [TestCase("""{"schema": "femtoscas.ike-fuzz-reproducer/1", "tool": "t", "seed": "1", "why": "w", "inputs": []}""", "inputs")]
    [TestCase("""{"schema": "femtoscas.ike-fuzz-reproducer/1", "tool": "t", "seed": "1", "why": "w", "inputs": [{"index": 0, "mutation": "Nope", "messageId": 0, "payloadIndex": 0, "value": 0, "octetSeed": "0"}]}""", "mutation")]
    [TestCase("""{"schema": "femtoscas.ike-fuzz-reproducer/1", "tool": "t", "seed": "1", "why": "w", "inputs": [{"index": 0, "mutation": "Truncate", "messageId": 99, "payloadIndex": 0, "value": 0, "octetSeed": "0"}]}""", "messageId")]
    [TestCase("""{"schema": "femtoscas.ike-fuzz-reproducer/1", "tool": "t", "seed": "1", "why": "w", "inputs": [{"index": 0, "mutation": "Truncate", "messageId": 0, "payloadIndex": 0, "value": 0, "octetSeed": "xyz"}]}""", "octetSeed")]
    [TestCase("""{"schema": "femtoscas.ike-fuzz-reproducer/1", "tool": "t", "seed": "1", "why": "w", "inputs": [], "extra": 1}""", "extra")]
    [TestCase("not json", "(syntax)")]
    public void A_broken_reproducer_names_file_and_field(string text, string field)
    {
        var ex = Assert.Throws<DataFileException>(() => IkeFuzzReproducer.Parse("repro.json", text))!;
        Assert.That(ex.File, Is.EqualTo("repro.json"));
        Assert.That(ex.Field, Does.Contain(field));
    }

    [Test]
    public void Megabyte_garbage_reproducers_are_data_errors()
    {
        var random = new Random(4404);
        for (int i = 0; i < 4; i++)
        {
            var bytes = new byte[1 << 20];
            random.NextBytes(bytes);
            Assert.Throws<DataFileException>(() => IkeFuzzReproducer.Parse("garbage.json", System.Text.Encoding.UTF8.GetString(bytes)));
        }
    }

    [Test]
    public void Octet_mutations_stay_inside_the_message_whatever_the_input_says()
    {
        var message = new byte[300];
        foreach (var mutation in new[] { IkeMutation.OctetFlip, IkeMutation.Truncate, IkeMutation.TrailingGarbage })
            foreach (var value in new[] { 0, 1, 99, 100, 65_535 })
            {
                var spoilt = IkeFuzzMutator.Octets(new IkeFuzzInput(0, mutation, 0, 0, value, ulong.MaxValue), message);
                Assert.That(spoilt.Length, Is.InRange(1, message.Length + IkeFuzzMutator.MaxOversized));
            }
    }

    /// <summary>
    /// A real SeGW with the fuzzer's hooks and the harness's own initiator (with EAP-AKA) as the DUT; the
    /// peer may "die": from the first EAP-AKA attribute running past its packet (SimFemto's crash condition) it starts no IKE any more.
    /// </summary>
    private static async Task<(IkeFuzzResult, IkeFuzzSchedule)> CampaignAsync(bool peerDiesOnAttributePastEnd, int inputs)
    {
        using var subscriber = new AkaSubscriber(K, Opc);
        var mutator = new IkeFuzzMutator();
        await using var segw = new SegwResponder(IkeLab.Segw() with { Interception = mutator.Interception, HostingPartyAuth = new HostingPartyAuthOptions(subscriber) { Required = false } });
        segw.Start();
        var card = new HostingPartyAuthTests.SoftwareCard(K, Opc);
        var dead = false;
        var attempts = new ConcurrentBag<Task>();
        using var stop = new CancellationTokenSource();
        Task<bool> Trigger(SegwResponder s, CancellationToken _)
        {
            if (dead) return Task.FromResult(true);
            var interception = new IkeInterception
            {
                AfterParse = (_, payloads) =>
                {
                    // SimFemto's own crash condition (fault ike-crash-on-malformed-payload), so the test and the fault agree.
                    if (peerDiesOnAttributePastEnd && SimFemto.SimFemtoFaultHooks.AttributePastEnd(payloads) is not null) dead = true;
                    return null;
                },
            };
            attempts.Add(Task.Run(async () =>
            {
                using var femto = new IkeInitiator(IkeLab.Femto() with { HostingPartyAuth = new HostingPartyCredentials(Nai, card), Interception = interception, MaxRetransmits = 0 });
                try { await femto.ConnectAsync(s.LocalEndPoint, stop.Token); }
                catch (OperationCanceledException) { }
                catch (TimeoutException) { }
            }));
            return Task.FromResult(true);
        }

        var schedule = new IkeFuzzSchedule(11, hostingPartyAuth: true);
        var settings = new IkeFuzzSettings(11, inputs, TimeSpan.FromSeconds(90), 200, 10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        var result = await new IkeFuzzCampaign(settings, mutator, segw, Trigger).RunAsync(Enumerable.Range(0, inputs).Select(schedule.Input), null, CancellationToken.None);
        await stop.CancelAsync();
        await Task.WhenAll(attempts);
        return (result, schedule);
    }
}
