namespace FemtoScas.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("femtoscas: no command yet");
        return 2;
    }
}
