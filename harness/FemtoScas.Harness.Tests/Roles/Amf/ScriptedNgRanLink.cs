using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Sctp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// A test's femto-side NG-C association to the harness AMF: real SCTP (usrsctp) carried over the
/// in-memory inner channel, as it would ride inside the tunnel. Disposing aborts the association.
/// </summary>
internal sealed record ScriptedNgRanLink(SctpOverInnerChannel Carrier, SctpAssociation Link) : IDisposable
{
    /// <summary>Connects to the AMF's NGAP port; the association must come up within <paramref name="wait"/>.</summary>
    public static async Task<ScriptedNgRanLink> ConnectAsync(InMemoryInnerChannel femtoSide, SctpStack stack, string name, TimeSpan wait)
    {
        var carrier = new SctpOverInnerChannel(femtoSide, stack, name);
        var connect = await carrier.Endpoint.ConnectAsync(0, AmfRole.NgapPort, wait);
        Assert.That(connect.Status, Is.EqualTo(SctpConnectStatus.Up), connect.Reason);
        return new ScriptedNgRanLink(carrier, connect.Association!);
    }

    public void Dispose()
    {
        Link.Abort();
        Carrier.Dispose();
    }
}
