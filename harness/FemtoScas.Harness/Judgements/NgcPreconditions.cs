using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>The NG-C conditions every case over the harness AMF needs before it can judge what a trial saw.</summary>
public static class NgcPreconditions
{
    /// <summary>INCONCLUSIVE with the reason when NG-C was not observed, cannot be terminated or did not reach NG Setup; else null.</summary>
    public static Decision? NotUp(AmfObservation? amf)
    {
        if (amf is null) return Decision.Inconclusive("NG-C was not observed");
        if (amf.Reach is AmfReach.SctpUnavailable) return Decision.Inconclusive($"NG-C cannot be terminated: {amf.SctpUnavailable?.ToString() ?? amf.Why}");
        if (amf.Reach is AmfReach.NoAssociation or AmfReach.NoNgSetup) return Decision.Inconclusive($"the femto's NG-C did not reach NG Setup through its tunnel: {amf.Why}");
        return null;
    }
}
