using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Dut;

/// <summary>The lab's prepared answers to operator-assisted steps: read exactly, wrong ones named with file and field.</summary>
[TestFixture]
public sealed class OperatorAnswerFileTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("femtoscas-answers-");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private string Write(string json)
    {
        var file = Path.Combine(_dir.FullName, "answers.json");
        File.WriteAllText(file, json);
        return file;
    }

    [Test]
    public void AnswersCarryOperatorTimeCommentAndAttachment()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "scan.txt"), "cell search: nothing on n78");
        var file = OperatorAnswerFile.Load(Write("""
            { "schema": "femtoscas.operator-answers/1", "operator": "J. Doe, Lab X", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "NRF-RADIO-OFF.no-tunnel": { "choice": "silent", "comment": "UE scan 60 s", "attachment": "scan.txt" } } }
            """));

        var answer = file.Answer(OperatorSteps.RadioWithoutTunnel);

        Assert.That(answer, Is.Not.Null);
        Assert.That(answer!.Choice, Is.EqualTo(OperatorSteps.Silent));
        Assert.That(answer.AnsweredBy, Is.EqualTo("J. Doe, Lab X"));
        Assert.That(answer.Automated, Is.False);
        Assert.That(answer.AnsweredAt, Is.EqualTo(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero)));
        Assert.That(answer.AttachmentPath, Is.EqualTo(Path.Combine(_dir.FullName, "scan.txt")));
        Assert.That(file.Answer(OperatorSteps.RadioWithTunnel), Is.Null, "a question the lab did not answer stays unanswered");
    }

    [Test]
    public void ARepeatedQuestionIsAnsweredPerAttemptThenPerCaseThenForTheRun()
    {
        var file = OperatorAnswerFile.Load(Write("""
            { "schema": "femtoscas.operator-answers/1", "operator": "x", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "restart-tunnel": { "choice": "done", "comment": "power cycle" },
                           "NRF-REKEY.restart-tunnel": { "choice": "cannot" },
                           "NRF-SEGW-AUTH.restart-tunnel.3": { "choice": "cannot", "comment": "locked up" } } }
            """));
        var segw = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.1"), 500);
        OperatorQuestion Ask(string id, int attempt) => OperatorSteps.RestartTunnel(id, attempt, 7, "harness SeGW presenting segw-expired", segw, null, TimeSpan.FromSeconds(180));

        var third = file.Answer(Ask("NRF-SEGW-AUTH", 3));
        var second = file.Answer(Ask("NRF-SEGW-AUTH", 2));
        var rekey = file.Answer(Ask("NRF-REKEY", 1));

        Assert.That((third!.Choice, third.AnsweredUnder, third.Comment), Is.EqualTo((OperatorSteps.Cannot, "NRF-SEGW-AUTH.restart-tunnel.3", "locked up")));
        Assert.That((second!.Choice, second.AnsweredUnder), Is.EqualTo((OperatorSteps.Done, "restart-tunnel")));
        Assert.That((rekey!.Choice, rekey.AnsweredUnder), Is.EqualTo((OperatorSteps.Cannot, "NRF-REKEY.restart-tunnel")));
        Assert.That(Ask("NRF-SEGW-AUTH", 3).Prompt, Does.Contain("Attempt 3 of 7: harness SeGW presenting segw-expired").And.Contain("192.0.2.1 UDP port 500"));
    }

    [Test]
    public void AWrongChoiceUnderAFallbackIdIsNamedWithThatId()
    {
        var file = OperatorAnswerFile.Load(Write("""
            { "schema": "femtoscas.operator-answers/1", "operator": "x", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "restart-tunnel": { "choice": "yes" } } }
            """));
        var question = OperatorSteps.RestartTunnel("NRF-DEV-AUTH", 1, null, "harness SeGW presenting segw-ecdsa", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 500), null, TimeSpan.FromSeconds(60));

        var e = Assert.Throws<DataFileException>(() => file.Answer(question));
        Assert.That(e!.Message, Does.Contain("answers.restart-tunnel.choice").And.Contain("'done'"));
    }

    [Test]
    public void AChoiceThatIsNotOfferedIsNamed()
    {
        var file = OperatorAnswerFile.Load(Write("""
            { "schema": "femtoscas.operator-answers/1", "operator": "x", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "NRF-RADIO-OFF.no-tunnel": { "choice": "quiet" } } }
            """));

        var e = Assert.Throws<DataFileException>(() => file.Answer(OperatorSteps.RadioWithoutTunnel));
        Assert.That(e!.Message, Does.Contain("answers.NRF-RADIO-OFF.no-tunnel.choice").And.Contain("'silent'"));
    }

    [Test]
    public void AMisspeltFieldAndAMissingAttachmentAreNamed()
    {
        var misspelt = Assert.Throws<DataFileException>(() => OperatorAnswerFile.Load(Write("""
            { "schema": "femtoscas.operator-answers/1", "operator": "x", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "NRF-RADIO-OFF.no-tunnel": { "choice": "silent", "coment": "typo" } } }
            """)));
        Assert.That(misspelt!.Message, Does.Contain("coment").And.Contain("comment"));

        var missing = Assert.Throws<DataFileException>(() => OperatorAnswerFile.Load(Write("""
            { "schema": "femtoscas.operator-answers/1", "operator": "x", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "NRF-RADIO-OFF.no-tunnel": { "choice": "silent", "attachment": "absent.png" } } }
            """)));
        Assert.That(missing!.Message, Does.Contain("no such file"));
    }
}
