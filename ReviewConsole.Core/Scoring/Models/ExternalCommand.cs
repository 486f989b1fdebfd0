using System.Diagnostics;
using System.Text;

namespace ReviewConsole.Core.Scoring.Models;

/// <summary>Thrown when the import cannot complete (a tool failed, a package is not what was expected).</summary>
public sealed class ModelImportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelImportException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>Runs npm or node and captures what they print.</summary>
internal static class ExternalCommand
{
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, CancellationToken ct)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var commandLine = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ModelImportException($"Could not start '{commandLine}'.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ModelImportException($"Could not start '{fileName}' (is it installed and on PATH?): {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            try
            {
                await process.WaitForExitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var tail = errors.Length > 2000 ? errors[^2000..] : errors;
                throw new ModelImportException($"'{commandLine}' exited with {process.ExitCode}: {tail.Trim()}");
            }

            return output;
        }
    }
}
