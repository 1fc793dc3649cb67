using FemtoScas.Harness.Roles.RemoteLogin;
using FemtoScas.Harness.Scanning.RemoteLogin;

namespace FemtoScas.Fuzz;

/// <summary>Fuzz target of TS 33.117 4.3.2.6: the OpenSSH client's verbose transcript, whose server version and disconnect texts are the DUT's.</summary>
internal static class RemoteLoginTargets
{
    public static void SshTranscriptText(byte[] input)
    {
        var t = SshTranscript.Parse(input);
        if (!Enum.IsDefined(t.Outcome)) throw new FuzzContractException($"outcome {t.Outcome} is not a defined value");
        if ((t.Outcome == SshLoginOutcome.Authenticated) != (t.Method is not null)) throw new FuzzContractException("a method exactly when authenticated");
        if (t.MethodsOffered.Count > 16) throw new FuzzContractException("more offered methods than the bound");
        foreach (var s in new[] { t.Method, t.ServerSoftware, t.Detail })
        {
            if (s is not null && (s.Length > SshTranscript.MaxLine + 1 || s.Any(c => char.IsControl(c) && c != '\t')))
                throw new FuzzContractException("a field past the line bound or with a control character");
        }
        var text = System.Text.Encoding.UTF8.GetString(input);
        var masked = SshTranscript.Masked(text, [("/secret/key", "<key>")]);
        if (masked.Contains("/secret/key", StringComparison.Ordinal)) throw new FuzzContractException("the secret survived masking");
        // What the evidence keeps reads to the same outcome as the raw text (masking only replaces the key path).
        if (!text.Contains("/secret/key", StringComparison.Ordinal) && text.Length <= SshTranscript.MaxOctets && SshTranscript.Parse(masked).Outcome != SshTranscript.Parse(text).Outcome)
            throw new FuzzContractException("the masked transcript reads to another outcome");
    }

    /// <summary>TS 33.117 4.3.2.1: nmap's service detection XML, whose service names and products come from the DUT's answers.</summary>
    public static void NmapServiceXml(byte[] input)
    {
        var (services, problem) = Harness.Scanning.NmapServiceReport.Parse(System.Text.Encoding.UTF8.GetString(input));
        if (services.Count > Harness.Scanning.NmapServiceReport.MaxServices) throw new FuzzContractException("more services than the bound");
        foreach (var s in services)
        {
            if (s.Port is < 1 or > 65535 || s.Protocol is not ("tcp" or "udp")) throw new FuzzContractException($"port {s.Protocol}/{s.Port} out of range");
            foreach (var a in new[] { s.Name, s.Product, s.Version, s.ExtraInfo, s.Tunnel, s.Method })
            {
                if (a is not null && (a.Length > Harness.Scanning.NmapServiceReport.MaxAttribute + 1 || a.Any(char.IsControl)))
                    throw new FuzzContractException("an attribute past its bound or with a control character");
            }
            // The judgement's rule table takes whatever the DUT's answers made of it.
            _ = Harness.Scanning.InsecureServices.Match(s.Protocol, s.Port, s);
        }
        if (problem is not null && problem.Length == 0) throw new FuzzContractException("an empty problem");
    }
}
