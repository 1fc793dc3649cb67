namespace FemtoScas.Harness.Ike.Transport;

/// <summary>The well-known IKE ports (RFC 7296 2.23, RFC 3948).</summary>
public static class IkePorts
{
    /// <summary>The NAT-T port (RFC 3948): a femto that detects or forces NAT floats there (RFC 7296 2.23).</summary>
    public const int NatT = 4500;
}
