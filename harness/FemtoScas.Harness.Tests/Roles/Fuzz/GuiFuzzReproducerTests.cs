using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Roles.Fuzz;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Fuzz;

public sealed class GuiFuzzReproducerTests
{
    [Test]
    public void Every_mutation_reads_back_as_sent()
    {
        var inputs = Enumerable.Range(0, 3 * GuiFuzzer.Mutations.Count).Select(i => GuiFuzzer.Input(4404, i, "/login")).ToList();
        var back = GuiFuzzReproducer.Parse(GuiFuzzReproducer.ToText(inputs), "test");
        Assert.That(back, Has.Count.EqualTo(inputs.Count));
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.That((back[i].Index, back[i].Mutation, back[i].Method, back[i].Target), Is.EqualTo((inputs[i].Index, inputs[i].Mutation, inputs[i].Method, inputs[i].Target)), inputs[i].ToString());
            Assert.That(back[i].Headers, Is.EqualTo(inputs[i].Headers));
        }
    }

    [TestCase("", "no request")]
    [TestCase("hello\n", "description line")]
    [TestCase("#1 NoSuchMutation: x\n  method: \"GET\"\n  target: \"/\"\n  headers: []\n", "not a GUI mutation")]
    [TestCase("#1 EmptyMethod: x\n  method: \"\"\n", "should start with 'target:'")]
    [TestCase("#1 EmptyMethod: x\n  method: 5\n  target: \"/\"\n  headers: []\n", "not a JSON string")]
    [TestCase("#1 EmptyMethod: x\n  method: \"\"\n  target: \"/\"\n  headers: [\"no-colon\"]\n", "'name: value'")]
    public void Refuses_a_malformed_reproducer_naming_the_request(string text, string reason)
    {
        var ex = Assert.Throws<DataFileException>(() => GuiFuzzReproducer.Parse(text, "repro.txt"));
        Assert.That(ex!.Message, Does.Contain("repro.txt").And.Contain(reason));
    }

    /// <summary>The saved seed reproducer (a negative Content-Length) stops SimFemto's GUI under gui-crash-on-malformed-request, and only then.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public async Task Replay_reproduces_the_gui_crash_only_under_its_fault(bool faulty)
    {
        var file = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "gui-fuzz-reproducer", "negative-content-length.txt");
        var inputs = GuiFuzzReproducer.Load(file);
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var access = new GuiAccess { LoginPath = "/login", LogoutPath = "/logout", SessionCookie = "sid", Account = new GuiCredentials("lab-operator", "Replay-Test-1234"), Pages = ["/"] };
        var options = new SimFemtoOptions
        {
            Address = IPAddress.Loopback, ManagementGuiPort = port, GuiAccess = access,
            Faults = faulty ? new HashSet<string> { SimFemtoFaults.GuiCrashOnMalformedRequest } : new HashSet<string>(),
        };
        var log = new SimFemtoLog(null);
        await using var gui = new LocalGuiServer(options, log, new SimFemtoUes(options, log));
        gui.Start();
        var (reproduced, detail, _) = await GuiFuzzReproducer.ReplayAsync(new IPEndPoint(IPAddress.Loopback, port), "simfemto.local", "/login", inputs, TimeSpan.FromSeconds(3), null, CancellationToken.None);
        Assert.That(reproduced, Is.EqualTo(faulty), detail);
    }
}
