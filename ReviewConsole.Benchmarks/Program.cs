using BenchmarkDotNet.Running;
using ReviewConsole.Benchmarks.Lists;

// `pdq-index [...]` runs the PDQ index bench command (sizes up to 10M, against brute force, with a
// recall check); anything else goes to BenchmarkDotNet (decode, PDQ and index micro-benchmarks).
if (args.Length > 0 && args[0] == "pdq-index")
{
    return PdqIndexBench.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(PdqIndexBench).Assembly).Run(args);
return 0;
