using FemtoScas.Harness.Http;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Roles.Gui;

namespace FemtoScas.Fuzz;

/// <summary>Fuzz targets of the TS 33.117 local GUI engine: what a DUT's web server sends.</summary>
internal static class GuiTargets
{
    private const int MaxBody = 4096;

    public static void HttpResponse(byte[] input)
    {
        foreach (var complete in (bool[])[true, false])
        {
            var reading = HttpResponseReader.Read(input, MaxBody, complete);
            if (reading.Response is null && reading.Problem is null)
                throw new FuzzContractException("no response and no problem");
            if (reading.Offset < 0 || reading.Offset > input.Length)
                throw new FuzzContractException($"problem offset {reading.Offset} outside the {input.Length} input octets");
            if (reading.Response is not { } r) continue;
            if (r.Body.Length > MaxBody) throw new FuzzContractException($"body of {r.Body.Length} octets beyond the bound {MaxBody}");
            var cookies = new List<string>();
            foreach (var field in r.All("Set-Cookie"))
            {
                var redacted = SetCookie.Redact(field);
                if (SetCookie.Parse(field) is { Value.Length: >= 4 } c)
                {
                    // The name and the attributes are logged as printable text (a control character
                    // becomes '.'), so the value may appear in their rendering without being leaked.
                    if (redacted.Contains(c.Value, StringComparison.Ordinal)
                        && !HttpResponseReader.Printable(c.Name, 64).Contains(c.Value, StringComparison.Ordinal)
                        && !c.Attributes.Any(a => HttpResponseReader.Printable(a, 80).Contains(c.Value, StringComparison.Ordinal)))
                        throw new FuzzContractException("a cookie value survived redaction");
                    cookies.Add(c.Value);
                }
            }
            _ = WebServerDisclosure.InHeaders(r).ToList();
            _ = WebServerDisclosure.InBody(r.BodyText);
            _ = WebServerDisclosure.LooksLikeListing(r.BodyText);
            _ = WebServerDisclosure.FileMarker(r.BodyText);
            _ = SessionIdRandomness.Defect(SessionIdRandomness.Of(cookies));
        }
    }
}
