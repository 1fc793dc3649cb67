using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Dut;

/// <summary>Every profile mistake stops the run at start with the file and the field named.</summary>
[TestFixture]
public sealed class DutProfileLoaderTests
{
    private static readonly string Root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
    private static readonly Catalogue Catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));
    private static string SimFemtoText => File.ReadAllText(Path.Combine(Root, "fixtures", "duts", "simfemto.json"));

    private static DataFileException LoadBroken(string text, IReadOnlyList<string>? faults = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        try
        {
            var ex = Assert.Throws<DataFileException>(() => DutProfileLoader.Load(path, Catalogue.Pics, faults));
            Assert.That(ex!.File, Is.EqualTo(path));
            return ex;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void The_shipped_profiles_load()
    {
        var sim = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics);
        Assert.That(sim.Kind, Is.EqualTo(DutKind.SimFemto));
        Assert.That(sim.Pixit.DutAddress.ToString(), Is.EqualTo("127.0.0.2"));
        Assert.That(sim.Pics, Has.Count.EqualTo(Catalogue.Pics.Count));
        Assert.That(sim.Sha256, Has.Length.EqualTo(64));
        var lab = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "physical-femto.template.json"), Catalogue.Pics);
        Assert.That(lab.Kind, Is.EqualTo(DutKind.Physical));
        // The template shows a lab every PIXIT field of the IP-stack cases, including IPv6 and the per-interface list.
        Assert.That(lab.Pixit.DutIpv6Address?.ToString(), Is.EqualTo("2001:db8::10"));
        Assert.That(lab.Pixit.Interfaces.Select(i => i.Name), Is.EqualTo(new[] { "lan", "backhaul" }));
    }

    [Test]
    public void The_gui_login_fields_load_and_their_mistakes_name_the_field()
    {
        var access = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics).Pixit.ManagementGui!.Access!;
        Assert.That((access.LoginPath, access.SessionCookie, access.Account.Username, access.Lockout!.FailedAttempts, access.InactivityTimeout), Is.EqualTo(("/login", "sid", "lab-operator", 3, TimeSpan.FromSeconds(2))));
        Assert.That(access.DefaultCredentials.Single().Username, Is.EqualTo("admin"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"loginPath\": \"/login\"", "\"loginPath\": \"login\"", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.managementGui.loginPath"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"failedAttempts\": 3", "\"failedAttempts\": 0", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.managementGui.lockout.failedAttempts"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"sessionCookie\": \"sid\"", "\"sessionCookie\": \"s id\"", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.managementGui.sessionCookie"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"pages\": [\"/\",", "\"pages\": [\"x\",", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.managementGui.pages"));
        var noPassword = LoadBroken(SimFemtoText.Replace("\"password\": \"Gui-Lab-Pass-6093\" }", "\"pasword\": \"Gui-Lab-Pass-6093\" }", StringComparison.Ordinal));
        Assert.That(noPassword.Field, Does.StartWith("pixit.managementGui.account"));
    }

    [Test]
    public void The_log_transport_roles_and_predefined_accounts_load_and_their_mistakes_name_the_field()
    {
        var access = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics).Pixit.ManagementGui!.Access!;
        Assert.That(access.SecurityLog!.Tls, Is.EqualTo(new GuiSyslogTls(6514, "syslog.operator-a.test")));
        Assert.That((access.RoleAccess!.Role, access.RoleAccess.Account.Username), Is.EqualTo(("read-only operator", "viewer")));
        Assert.That(access.RoleAccess.Allowed, Is.EqualTo(new[] { "/", "/ues" }));
        Assert.That(access.RoleAccess.Forbidden, Is.EqualTo(new[] { "/backup", "/log" }));
        Assert.That(access.PredefinedAccounts.Select(a => a.Username), Is.EqualTo(new[] { "installer", "support" }));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"port\": 6514", "\"port\": 5514", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.managementGui.securityLog.tls"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"serverName\": \"syslog.operator-a.test\"", "\"serverName\": \"syslog operator\"", StringComparison.Ordinal)).Field,
            Is.EqualTo("pixit.managementGui.securityLog.tls.serverName"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"forbidden\": [\"/backup\", \"/log\"]", "\"forbidden\": [\"/backup\", \"/\"]", StringComparison.Ordinal)).Field,
            Is.EqualTo("pixit.managementGui.roleAccess.forbidden"));
        Assert.That(LoadBroken(SimFemtoText.Replace("{ \"username\": \"installer\"", "{ \"username\": \"lab-operator\"", StringComparison.Ordinal)).Field,
            Is.EqualTo("pixit.managementGui.predefinedAccounts"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"username\": \"viewer\"", "\"username\": \"lab-operator\"", StringComparison.Ordinal)).Field,
            Is.EqualTo("pixit.managementGui.roleAccess"));
    }

    [Test]
    public void The_core_section_gives_the_bindings_and_its_mistakes_name_the_field()
    {
        var core = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics).Core!;
        Assert.That((core.Mcc, core.Mnc, core.AmfName), Is.EqualTo(("001", "01", "amf.operator-a.test")));
        var binding = core.BindingFor("FEMTO-0001.vendor.test")!;
        Assert.That(binding.CagIds, Is.EqualTo(new uint[] { 0xA1, 0xA2 }));
        Assert.That(binding.CellIdentities, Is.EqualTo(new ulong[] { 0x00066C001, 0x00066C002 }));
        Assert.That(binding.NonCagCells, Is.EqualTo(new ulong[] { 0x00066C002 }));
        Assert.That(binding.CagIdsOf(0x00066C002), Is.Empty);
        Assert.That(binding.CagIdsOf(0x00066C001), Is.EqualTo(binding.CagIds));
        Assert.That(core.BindingFor("femto-9999.vendor.test"), Is.Null);

        Assert.That(LoadBroken(SimFemtoText.Replace("\"001-01\"", "\"001-1\"", StringComparison.Ordinal)).Field, Is.EqualTo("core.plmn"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"000000A2\"", "\"1000000A2\"", StringComparison.Ordinal)).Field, Is.EqualTo("core.femtos[0].cagIds[1]"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"00066C001\"", "\"100066C001\"", StringComparison.Ordinal)).Field, Is.EqualTo("core.femtos[0].cellIdentities[0]"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"tacs\": [7] }", "\"tacs\": [9] }", StringComparison.Ordinal)).Message, Does.Contain("TAC 9 is not among"));
        var strayNonCag = LoadBroken(SimFemtoText.Replace("\"nonCagCellIdentities\": [\"00066C002\"]", "\"nonCagCellIdentities\": [\"00066C003\"]", StringComparison.Ordinal));
        Assert.That(strayNonCag.Field, Is.EqualTo("core.femtos[0].nonCagCellIdentities"));
        Assert.That(strayNonCag.Message, Does.Contain("00066C003 is not among"));
        var allNonCag = LoadBroken(SimFemtoText.Replace("\"nonCagCellIdentities\": [\"00066C002\"]", "\"nonCagCellIdentities\": [\"00066C002\", \"00066C001\"]", StringComparison.Ordinal));
        Assert.That(allNonCag.Message, Does.Contain("no cell carries them"));
        // manualCagSelectionAllowed (SIB1 manualCAGselectionAllowed-r16): bound CAG IDs only, each mistake named with its index.
        Assert.That(DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics).Core!.Femtos[0].ManualCagSelection, Is.EqualTo(new[] { 0xA1u }));
        var strayManual = LoadBroken(SimFemtoText.Replace("\"manualCagSelectionAllowed\": [\"000000A1\"]", "\"manualCagSelectionAllowed\": [\"000000A1\", \"000000B9\"]", StringComparison.Ordinal));
        Assert.That(strayManual.Field, Is.EqualTo("core.femtos[0].manualCagSelectionAllowed[1]"));
        Assert.That(strayManual.Message, Does.Contain("000000B9 is not among this femto's cagIds"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"manualCagSelectionAllowed\": [\"000000A1\"]", "\"manualCagSelectionAllowed\": [\"A1x\"]", StringComparison.Ordinal)).Field,
            Is.EqualTo("core.femtos[0].manualCagSelectionAllowed[0]"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"manualCagSelectionAllowed\": [\"000000A1\"]", "\"manualCagSelectionAllowed\": \"000000A1\"", StringComparison.Ordinal)).Field,
            Does.StartWith("core.femtos[0].manualCagSelectionAllowed"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"amfName\"", "\"amfname\"", StringComparison.Ordinal)).Field, Does.StartWith("core."));
    }

    [Test]
    public void The_core_test_subscriber_loads_its_mistakes_name_the_field_and_the_scanner_knows_it()
    {
        var profile = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics);
        var subscriber = profile.Core!.TestSubscriber!;
        Assert.That(Convert.ToHexStringLower(subscriber.K), Is.EqualTo("0396eb317b6d1c36f19c1c84cd6ffd16"), "TS 35.208 test set 2 K");
        Assert.That(Convert.ToHexStringLower(subscriber.Opc), Is.EqualTo("53c15671c60a4b731c55b4a441c0bde2"), "TS 35.208 test set 2 OPc");

        var shortK = LoadBroken(SimFemtoText.Replace("\"k\": \"0396eb317b6d1c36f19c1c84cd6ffd16\"", "\"k\": \"0396eb317b6d1c36f19c1c84cd6ffd\"", StringComparison.Ordinal));
        Assert.That(shortK.Field, Is.EqualTo("core.testSubscriber.k"));
        Assert.That(shortK.Message, Does.Contain("16 bytes").And.Not.Contain("0396eb317b6d1c36f19c1c84cd6ffd"));
        var notHex = LoadBroken(SimFemtoText.Replace("\"opc\": \"53c15671c60a4b731c55b4a441c0bde2\"", "\"opc\": \"53c15671c60a4b731c55b4a441c0bdzz\"", StringComparison.Ordinal));
        Assert.That(notHex.Field, Is.EqualTo("core.testSubscriber.opc"));
        Assert.That(notHex.Message, Does.Not.Contain("53c15671"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"opc\": \"53c15671c60a4b731c55b4a441c0bde2\"", "\"op\": \"53c15671c60a4b731c55b4a441c0bde2\"", StringComparison.Ordinal)).Field,
            Does.StartWith("core.testSubscriber"));

        var scanner = FemtoScas.Harness.Evidence.SecretScanner.ForProfile(profile);
        Assert.That(scanner.Scan(System.Text.Encoding.ASCII.GetBytes("key 0396EB317B6D1C36F19C1C84CD6FFD16 end"), "log").Select(h => h.Secret), Has.Member("test subscriber K"));
        Assert.That(scanner.Scan(subscriber.Opc, "bin").Select(h => h.Secret), Has.Member("test subscriber OPc"));
        Assert.That(scanner.Scan(System.Text.Encoding.ASCII.GetBytes("nothing secret here"), "log"), Is.Empty);
    }

    [Test]
    public void The_home_network_keys_load_their_mistakes_name_the_field_and_the_scanner_knows_them()
    {
        // SimFemto's core holds the TS 33.501 C.4.3/C.4.4 test keys (Profile A key 1, Profile B key 2).
        var profile = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics);
        var keys = profile.Core!.HomeNetworkKeys;
        Assert.That(keys.Select(k => (k.Scheme, k.KeyId)), Is.EqualTo(new[] { (FemtoScas.Harness.Suci.SuciScheme.ProfileA, (byte)1), (FemtoScas.Harness.Suci.SuciScheme.ProfileB, (byte)2) }));
        Assert.That(Convert.ToHexStringLower(keys[0].PublicKey), Is.EqualTo("5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650"), "C.4.3 home network public key");
        Assert.That(Convert.ToHexStringLower(keys[1].PublicKey), Is.EqualTo("0272da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1"), "C.4.4 home network public key, compressed");

        const string A = "c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d";
        var shortKey = LoadBroken(SimFemtoText.Replace(A, A[..62], StringComparison.Ordinal));
        Assert.That(shortKey.Field, Is.EqualTo("core.homeNetworkKeys[0].privateKey"));
        Assert.That(shortKey.Message, Does.Contain("32 bytes").And.Not.Contain(A[..20]));
        var notHex = LoadBroken(SimFemtoText.Replace(A, "zz" + A[2..], StringComparison.Ordinal));
        Assert.That((notHex.Field, notHex.Message.Contains(A[2..20], StringComparison.Ordinal)), Is.EqualTo(("core.homeNetworkKeys[0].privateKey", false)));
        var outOfRange = LoadBroken(SimFemtoText.Replace("f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda", new string('f', 64), StringComparison.Ordinal));
        Assert.That(outOfRange.Field, Is.EqualTo("core.homeNetworkKeys[1].privateKey"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"profileB\", \"keyId\": 2", "\"profileB\", \"keyId\": 256", StringComparison.Ordinal)).Field, Is.EqualTo("core.homeNetworkKeys[1].keyId"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"profileB\", \"keyId\": 2", "\"profileC\", \"keyId\": 2", StringComparison.Ordinal)).Field, Is.EqualTo("core.homeNetworkKeys[1].scheme"));
        var unknownField = LoadBroken(SimFemtoText.Replace("\"profileA\", \"keyId\": 1", "\"profileA\", \"keyId\": 1, \"publicKey\": \"00\"", StringComparison.Ordinal));
        Assert.That(unknownField.Field, Is.EqualTo("core.homeNetworkKeys[0].publicKey"));

        var scanner = FemtoScas.Harness.Evidence.SecretScanner.ForProfile(profile);
        Assert.That(scanner.Scan(System.Text.Encoding.ASCII.GetBytes($"sidf key {A.ToUpperInvariant()}"), "log").Select(h => h.Secret), Has.Member("home network private key 1 (ProfileA)"));
        Assert.That(scanner.Scan(Convert.FromHexString("f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda"), "bin").Select(h => h.Secret), Has.Member("home network private key 2 (ProfileB)"));
        Assert.That(FemtoScas.Harness.Evidence.SecretRegistry.Mask($"k={A}"), Does.Not.Contain(A));
    }

    [Test]
    public void The_revocation_policy_loads_and_its_mistakes_name_the_field()
    {
        var policy = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics).Pixit.RevocationUnavailable!;
        Assert.That((policy.Fallback, policy.StatusTimeout), Is.EqualTo((RevocationFallback.FailOpenWithAlarm, TimeSpan.FromSeconds(3))));
        Assert.That(policy.Alarm, Does.Contain("ALARM revocation-status-unavailable"));
        var closed = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto-revocation-fail-closed.json"), Catalogue.Pics).Pixit.RevocationUnavailable!;
        Assert.That((closed.Fallback, closed.Alarm), Is.EqualTo((RevocationFallback.FailClosed, (string?)null)));
        var template = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "physical-femto.template.json"), Catalogue.Pics).Pixit.RevocationUnavailable!;
        Assert.That((template.Fallback, template.StatusTimeout), Is.EqualTo((RevocationFallback.FailClosed, TimeSpan.FromSeconds(10))));

        var unknown = LoadBroken(SimFemtoText.Replace("\"policy\": \"fail-open-alarm\"", "\"policy\": \"fail-soft\"", StringComparison.Ordinal));
        Assert.That(unknown.Field, Is.EqualTo("pixit.revocationUnavailable.policy"));
        Assert.That(unknown.Message, Does.Contain("'fail-soft' is not fail-closed or fail-open-alarm"));
        var noAlarm = LoadBroken(SimFemtoText.Replace("\"alarm\": \"SimFemto event log", "\"note\": \"SimFemto event log", StringComparison.Ordinal));
        Assert.That(noAlarm.Field, Does.StartWith("pixit.revocationUnavailable."));
        var timeout = LoadBroken(SimFemtoText.Replace("\"statusTimeoutSeconds\": 3", "\"statusTimeoutSeconds\": 0", StringComparison.Ordinal));
        Assert.That(timeout.Field, Is.EqualTo("pixit.revocationUnavailable.statusTimeoutSeconds"));
    }

    [Test]
    public void The_pq_policy_loads_and_a_wrong_value_names_the_field()
    {
        Assert.That(DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics).Pixit.PqPolicy, Is.EqualTo(PqPolicy.Preferred),
            "clean SimFemto offers ML-KEM as an optional additional key exchange");
        const string Clean = "\"pqPolicy\": \"preferred\"";
        Assert.That(SimFemtoText, Does.Contain(Clean));
        foreach (var (text, expected) in new[] { ("\"pqPolicy\": \"required\"", (PqPolicy?)PqPolicy.Required), ("\"pqPolicy\": \"none\"", PqPolicy.None), ("\"pqPolicyNotStated\": null", null) })
        {
            // Beside simfemto.json, so the paths it names resolve as they do for it; an unknown field is refused, so "not stated" drops the line.
            var variant = text.StartsWith("\"pqPolicyNotStated", StringComparison.Ordinal)
                ? SimFemtoText.Replace(Clean + ",", "", StringComparison.Ordinal)
                : SimFemtoText.Replace(Clean, text, StringComparison.Ordinal);
            var path = Path.Combine(Root, "fixtures", "duts", $"pq-{Guid.NewGuid():N}.tmp.json");
            File.WriteAllText(path, variant);
            try
            {
                Assert.That(DutProfileLoader.Load(path, Catalogue.Pics).Pixit.PqPolicy, Is.EqualTo(expected), text);
            }
            finally
            {
                File.Delete(path);
            }
        }

        var wrong = LoadBroken(SimFemtoText.Replace(Clean, "\"pqPolicy\": \"mandatory\"", StringComparison.Ordinal));
        Assert.That(wrong.Field, Is.EqualTo("pixit.pqPolicy"));
        Assert.That(wrong.Message, Does.Contain("'mandatory' is not none, preferred or required"));
    }

    // The AS algorithm priority lists (issue 13, TS33511-4.2.2.1.12): one block.
    [Test]
    public void The_as_algorithm_priority_lists_load_and_a_wrong_entry_names_the_field()
    {
        var priority = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics).Pixit.AsAlgorithmPriority;
        Assert.That(priority?.Integrity, Is.EqualTo(new[] { FemtoScas.Harness.Algorithms.NrIntegrityAlgorithm.Nia2, FemtoScas.Harness.Algorithms.NrIntegrityAlgorithm.Nia1, FemtoScas.Harness.Algorithms.NrIntegrityAlgorithm.Nia3 }));
        Assert.That(priority?.Ciphering, Is.EqualTo(new[] { FemtoScas.Harness.Algorithms.NrEncryptionAlgorithm.Nea2, FemtoScas.Harness.Algorithms.NrEncryptionAlgorithm.Nea1, FemtoScas.Harness.Algorithms.NrEncryptionAlgorithm.Nea3, FemtoScas.Harness.Algorithms.NrEncryptionAlgorithm.Nea0 }));
        const string Clean = "\"integrity\": [\"NIA2\", \"NIA1\", \"NIA3\"]";
        Assert.That(SimFemtoText, Does.Contain(Clean));
        foreach (var (text, what) in new[] { ("\"integrity\": [\"NIA9\"]", "'NIA9'"), ("\"integrity\": [\"NEA2\"]", "'NEA2'"), ("\"integrity\": [\"NIA2\", \"NIA2\"]", "repeated"), ("\"integrity\": []", "empty") })
        {
            var wrong = LoadBroken(SimFemtoText.Replace(Clean, text, StringComparison.Ordinal));
            Assert.That(wrong.Field, Is.EqualTo("pixit.asAlgorithmPriority.integrity"), text);
            Assert.That(wrong.Message, Does.Contain(what), text);
        }
    }

    [Test]
    public void The_direct_link_loads_and_a_wrong_value_names_the_field()
    {
        var link = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics).Pixit.DirectLink;
        Assert.That(link, Is.Not.Null);
        Assert.That((link!.Port, link.Identity, link.PeerCertificate), Is.EqualTo((5510, "femto-0001.vendor.test", "femto-peer")));
        Assert.That(link.PeerRoots, Is.EqualTo(new[] { "root-a" }));
        const string Port = "\"directLink\": { \"port\": 5510, ";
        Assert.That(SimFemtoText, Does.Contain(Port));
        Assert.That(LoadBroken(SimFemtoText.Replace(Port, "\"directLink\": { \"port\": 70000, ", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.directLink.port"));
        Assert.That(LoadBroken(SimFemtoText.Replace(Port, "\"directLink\": { ", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.directLink.port"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"peerRoots\": [\"root-a\"]", "\"peerRoots\": []", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.directLink.peerRoots"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"identity\": \"femto-0001.vendor.test\", \"peerRoots\"", "\"identity\": \"femto 0001\", \"peerRoots\"", StringComparison.Ordinal)).Field,
            Is.EqualTo("pixit.directLink.identity"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"peerCertificate\": \"femto-peer\"", "\"peerCertificates\": \"femto-peer\"", StringComparison.Ordinal)).Field,
            Is.EqualTo("pixit.directLink.peerCertificates"));
    }

    [Test]
    public void A_misspelt_field_is_named_with_its_likely_meaning()
    {
        var ex = LoadBroken(SimFemtoText.Replace("\"responseTimeoutSeconds\"", "\"responseTimeoutSecond\"", StringComparison.Ordinal));
        Assert.That(ex.Field, Is.EqualTo("pixit.responseTimeoutSecond"));
        Assert.That(ex.Message, Does.Contain("did you mean 'responseTimeoutSeconds'"));
    }

    private static string OamTlsText => File.ReadAllText(Path.Combine(Root, "fixtures", "duts", "simfemto-oam-tls.json"));

    [Test]
    public void The_management_server_and_SimFemto_s_TLS_management_transport_load()
    {
        var tls = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto-oam-tls.json"), Catalogue.Pics);
        Assert.That(tls.ManagementTransport, Is.EqualTo(SimFemtoManagementTransport.Tls));
        Assert.That(tls.Pixit.ManagementServer!.EndPoint.ToString(), Is.EqualTo("127.0.0.1:7548"));
        Assert.That(tls.Pixit.ManagementServer.HostName, Is.EqualTo("acs.operator-a.test"));
        Assert.That(tls.Pixit.ManagementServer.ConnectWait, Is.EqualTo(TimeSpan.FromSeconds(5)));
        var sim = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics);
        Assert.That(sim.ManagementTransport, Is.EqualTo(SimFemtoManagementTransport.Tunnel));
        Assert.That(sim.Pixit.ManagementServer, Is.Null);
    }

    [Test]
    public void Management_server_mistakes_are_named()
    {
        Assert.That(LoadBroken(OamTlsText.Replace("\"port\": 7548", "\"prot\": 7548", StringComparison.Ordinal)).Message, Does.Contain("did you mean 'port'"));
        Assert.That(LoadBroken(OamTlsText.Replace("\"address\": \"127.0.0.1\"", "\"address\": \"acs\"", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.managementServer.address"));
        Assert.That(LoadBroken(OamTlsText.Replace("\"port\": 7548", "\"port\": 75480", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.managementServer.port"));
        Assert.That(LoadBroken(OamTlsText.Replace("\"managementTransport\": \"tls\"", "\"managementTransport\": \"https\"", StringComparison.Ordinal)).Field, Is.EqualTo("simFemto.managementTransport"));
        var noServer = OamTlsText.Replace("\"managementServer\": {", "\"unusedServer\": {", StringComparison.Ordinal);
        Assert.That(LoadBroken(noServer).Field, Is.EqualTo("pixit.unusedServer"));
    }

    [Test]
    public void TLS_management_transport_needs_the_management_server()
    {
        var text = SimFemtoText.Replace("\"faults\": []", "\"faults\": [], \"managementTransport\": \"tls\"", StringComparison.Ordinal);
        var ex = LoadBroken(text);
        Assert.That(ex.Field, Is.EqualTo("simFemto.managementTransport"));
        Assert.That(ex.Message, Does.Contain("managementServer"));
    }

    [Test]
    public void A_missing_PICS_item_is_named()
    {
        var ex = LoadBroken(System.Text.RegularExpressions.Regex.Replace(SimFemtoText, "\"ocsp\": (true|false),", ""));
        Assert.That(ex.Field, Is.EqualTo("pics.ocsp"));
    }

    [Test]
    public void A_bad_address_and_a_bad_port_range_are_named()
    {
        Assert.That(LoadBroken(SimFemtoText.Replace("\"127.0.0.2\"", "\"127.0.0.256\"", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.dutAddress"));
        Assert.That(LoadBroken(SimFemtoText.Replace("\"1-65535\"", "\"1-70000\"", StringComparison.Ordinal)).Field, Is.EqualTo("pixit.portScan.tcpPorts"));
    }

    [Test]
    public void A_malformed_secret_is_reported_without_its_value()
    {
        var ex = LoadBroken(SimFemtoText.Replace("465b5ce8b199b49faa5f0a2ee238a6bc", "465b5ce8b199b49faa5f0a2ee238a6", StringComparison.Ordinal));
        Assert.That(ex.Field, Is.EqualTo("pixit.hpmCredentials.k"));
        Assert.That(ex.Message, Does.Not.Contain("465b5ce8"));
    }

    [Test]
    public void Operator_tunnel_restart_PIXIT_is_read_and_the_NAT_T_port_is_refused_as_IKE_port()
    {
        var lab = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "physical-femto.template.json"), Catalogue.Pics);
        Assert.That(lab.Pixit.SegwIkePort, Is.EqualTo(500), "a physical femto sends IKE to its SeGW's port 500");
        Assert.That(lab.Pixit.TunnelRestart, Is.EqualTo(TimeSpan.FromSeconds(180)));
        var sim = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics);
        Assert.That(sim.Pixit.SegwIkePort, Is.Null, "SimFemto is told an ephemeral SeGW port");

        var natT = LoadBroken(SimFemtoText.Replace("\"ikePort\": 5500,", "\"ikePort\": 5500, \"segwIkePort\": 4500,", StringComparison.Ordinal));
        Assert.That(natT.Field, Is.EqualTo("pixit.segwIkePort"));
        var zero = LoadBroken(SimFemtoText.Replace("\"ikePort\": 5500,", "\"ikePort\": 5500, \"tunnelRestartSeconds\": 0,", StringComparison.Ordinal));
        Assert.That(zero.Field, Is.EqualTo("pixit.tunnelRestartSeconds"));
    }

    [Test]
    public void Faults_apply_only_to_SimFemto()
    {
        var lab = File.ReadAllText(Path.Combine(Root, "fixtures", "duts", "physical-femto.template.json"));
        var ex = LoadBroken(lab, ["oam-tls-1.0"]);
        Assert.That(ex.Field, Is.EqualTo("dut.kind"));
    }

    [Test]
    public void Invalid_json_names_the_line()
    {
        var ex = LoadBroken(SimFemtoText.Replace("\"dut\": {", "\"dut\" {", StringComparison.Ordinal));
        Assert.That(ex.Message, Does.Contain("line "));
    }
}
