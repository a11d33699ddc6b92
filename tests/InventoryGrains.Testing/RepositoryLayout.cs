namespace InventoryGrains.Testing;

/// <summary>Finds the repository and the build output of the project's executables.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] relative) => Path.Combine([Root, .. relative]);

    /// <summary>The built assembly of a project under <c>src/</c>, same configuration as the tests.</summary>
    public static string AssemblyOf(string project)
    {
        // Test binaries live at tests/<project>/bin/<Configuration>/<tfm>/.
        var tfmDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDirectory.Parent!.Name;
        var path = PathOf("src", project, "bin", configuration, tfmDirectory.Name, project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built ({path}).", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "InventoryGrains.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("InventoryGrains.sln not found above " + AppContext.BaseDirectory);
    }
}
