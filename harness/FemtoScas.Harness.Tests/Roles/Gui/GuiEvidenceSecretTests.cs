using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Gui;

/// <summary>
/// Against SimFemto's real GUI in-process (loopback, an ephemeral port): the engine logs in, uses
/// and ends sessions, and the evidence it writes (log, table, steps) holds neither the password
/// nor any session cookie value the GUI issued, searched in every file of the results folder.
/// </summary>
public sealed class GuiEvidenceSecretTests
{
    private const string Password = "Gui-Test-Secret-4471";

    [Test]
    public async Task Results_folder_holds_no_password_and_no_session_cookie()
    {
        var port = FreePort();
        var access = new GuiAccess
        {
            LoginPath = "/login", LogoutPath = "/logout", SessionCookie = "sid",
            Account = new GuiCredentials("lab-operator", Password), Pages = ["/", "/ues"],
            DefaultCredentials = [new GuiCredentials("admin", "admin")],
        };
        var options = new SimFemtoOptions { Address = IPAddress.Loopback, ManagementGuiPort = port, GuiAccess = access, Faults = new HashSet<string> { SimFemtoFaults.GuiTraceEnabled } };
        var log = new SimFemtoLog(null);
        await using var gui = new LocalGuiServer(options, log, new SimFemtoUes(options, log));
        gui.Start();

        var client = new GuiHttpClient(new IPEndPoint(IPAddress.Loopback, port), "simfemto.local", GuiProbeBounds.Quick);
        var cookies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var login = await GuiLogin.LoginAsync(client, access, access.Account, verify: true, CancellationToken.None);
            Assert.That(login.Outcome, Is.EqualTo(GuiLoginOutcome.Accepted), login.Detail);
            cookies.Add(login.Cookie!.Value);
            // TRACE echoes the Cookie header in its body (the fault): the log must still not show it.
            var trace = await client.SendAsync("TRACE", "/", cookie: login.CookieHeader);
            Assert.That(trace.Response!.BodyText, Does.Contain(login.Cookie.Value), "the probe must really have carried the cookie");
            await GuiLogin.LogoutAsync(client, access, login, CancellationToken.None);
        }

        var dir = Path.Combine(Path.GetTempPath(), "femtoscas-gui-secrets-" + Guid.NewGuid().ToString("N"));
        try
        {
            var evidence = new TestEvidence(dir, "TS33117-4.2.5.3", "Gui.Secrets");
            evidence.AttachText("gui-http-log.txt", "http-log", "log", client.LogText());
            evidence.Table(client.Table("exchanges"));
            evidence.Step("done: " + string.Join(", ", client.Exchanges.Select(e => e.Detail)));
            evidence.Seal();
            var text = string.Concat(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
            Assert.That(text, Does.Contain("<redacted"), "the log was written");
            Assert.That(text, Does.Not.Contain(Password));
            foreach (var c in cookies) Assert.That(text, Does.Not.Contain(c), "a session cookie value in the results folder");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
