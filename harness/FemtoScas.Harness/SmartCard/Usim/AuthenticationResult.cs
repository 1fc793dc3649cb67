using FemtoScas.Harness.SmartCard.Apdu;

namespace FemtoScas.Harness.SmartCard.Usim;

public enum AuthenticationOutcome
{
    /// <summary>'DB': RES, CK, IK (and optionally Kc) returned.</summary>
    Success,
    /// <summary>'DC': synchronisation failure, AUTS returned.</summary>
    SyncFailure,
    /// <summary>SW '9862': MAC in AUTN did not verify.</summary>
    MacFailure,
    /// <summary>Any other status word (e.g. '6982' PIN not verified).</summary>
    Rejected,
    /// <summary>SW '9000' but the data fits neither 'DB' nor 'DC'; see findings.</summary>
    Malformed,
}

/// <summary>
/// AUTHENTICATE in 3G/EPS/5G security context (TS 31.102 clause 7.1.2.1, P2 = '81'). For 5G AKA
/// the ME derives RES* from CK, IK, the serving network name, RAND and RES (TS 33.501 A.4).
/// </summary>
public sealed record AuthenticationResult(
    AuthenticationOutcome Outcome,
    ushort Sw,
    byte[]? Res,
    byte[]? Ck,
    byte[]? Ik,
    byte[]? Kc,
    byte[]? Auts,
    IReadOnlyList<ParseFinding> Findings)
{
    /// <summary>RES* when computed for a 5G serving network (null otherwise).</summary>
    public byte[]? ResStar { get; init; }

    public static AuthenticationResult Parse(ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(response);
        const string clause = "TS 31.102 7.1.2.1";
        var findings = new List<ParseFinding>();
        if (response.Sw == StatusWords.AuthenticationError)
        {
            return new AuthenticationResult(AuthenticationOutcome.MacFailure, response.Sw, null, null, null, null, null, findings);
        }
        if (!response.IsSuccess)
        {
            return new AuthenticationResult(AuthenticationOutcome.Rejected, response.Sw, null, null, null, null, null, findings);
        }
        var data = response.Data.Span;
        if (data.Length == 0)
        {
            findings.Add(new ParseFinding(0, "no response data", clause));
            return Malformed(response.Sw, findings);
        }
        var items = new List<byte[]>();
        var i = 1;
        while (i < data.Length)
        {
            var length = data[i];
            if (i + 1 + length > data.Length)
            {
                findings.Add(new ParseFinding(i, $"length {length} runs past the {data.Length}-byte response", clause));
                return Malformed(response.Sw, findings);
            }
            items.Add(data.Slice(i + 1, length).ToArray());
            i += 1 + length;
        }
        switch (data[0])
        {
            case 0xDB when items.Count is 3 or 4:
                if (items[0].Length is < 4 or > 16 || items[1].Length != 16 || items[2].Length != 16)
                {
                    findings.Add(new ParseFinding(1, $"RES/CK/IK lengths {items[0].Length}/{items[1].Length}/{items[2].Length} (expected 4..16/16/16)", clause));
                }
                return new AuthenticationResult(AuthenticationOutcome.Success, response.Sw, items[0], items[1], items[2], items.Count == 4 ? items[3] : null, null, findings);
            case 0xDC when items.Count == 1:
                if (items[0].Length != 14)
                {
                    findings.Add(new ParseFinding(1, $"AUTS of {items[0].Length} bytes (expected 14)", clause));
                }
                return new AuthenticationResult(AuthenticationOutcome.SyncFailure, response.Sw, null, null, null, null, items[0], findings);
            default:
                findings.Add(new ParseFinding(0, $"tag {data[0]:X2} with {items.Count} items is neither 'DB' (3-4 items) nor 'DC' (1 item)", clause));
                return Malformed(response.Sw, findings);
        }
    }

    private static AuthenticationResult Malformed(ushort sw, List<ParseFinding> findings) =>
        new(AuthenticationOutcome.Malformed, sw, null, null, null, null, null, findings);
}
