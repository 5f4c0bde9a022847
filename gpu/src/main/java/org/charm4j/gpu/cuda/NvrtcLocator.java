package org.charm4j.gpu.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where to look for {@code libnvrtc} besides the dynamic loader's own search: pure file-system logic, so that it can be
 * tested without NVRTC. The search is bounded: a fixed list of folders, one level of {@code python3*} folders under
 * each Python root, no recursion.
 *
 * <p>Folders, in order: {@code $CUDA_HOME/lib64}, {@code $CUDA_PATH/lib64}, {@code /usr/local/cuda/lib64}; then, for
 * each Python root {@code /usr/lib}, {@code /usr/local/lib}, {@code ~/.local/lib}, {@code $VIRTUAL_ENV/lib},
 * {@code $CONDA_PREFIX/lib}, each of its {@code python3*} folders' {@code site-packages} and {@code dist-packages},
 * and in those {@code nvidia/cu13/lib} (the CUDA 13 wheels) and {@code nvidia/cuda_nvrtc/lib} (the CUDA 12 wheel,
 * {@code nvidia-cuda-nvrtc-cu12}). In a folder the highest {@code libnvrtc.so.<major>} wins.
 *
 * <p>Threading: stateless; any thread.
 */
final class NvrtcLocator {
    /** The environment variable naming a {@code libnvrtc} file, or a folder holding one. */
    static final String ENV = "CHARM4J_NVRTC";
    /** The sonames tried through the dynamic loader, in order. */
    static final List<String> SONAMES = List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so");

    private static final Pattern LIBRARY = Pattern.compile("libnvrtc\\.so\\.(\\d+)(\\.\\d+)*");
    private static final List<String> PYTHON_PACKAGES = List.of("site-packages", "dist-packages");
    private static final List<String> WHEEL_FOLDERS = List.of("nvidia/cu13/lib", "nvidia/cuda_nvrtc/lib");

    private NvrtcLocator() {
    }

    /**
     * @param env  the environment ({@code System.getenv()}).
     * @param home the user's home folder.
     * @return the folders to look in, in order, existing or not (see the class comment).
     */
    static List<Path> folders(final Map<String, String> env, final Path home) {
        final List<Path> out = new ArrayList<>();
        for (final String v : List.of("CUDA_HOME", "CUDA_PATH")) {
            final String dir = env.get(v);
            if (dir != null && !dir.isBlank()) {
                out.add(Path.of(dir, "lib64"));
            }
        }
        out.add(Path.of("/usr/local/cuda/lib64"));
        final List<Path> roots = new ArrayList<>(List.of(Path.of("/usr/lib"), Path.of("/usr/local/lib"),
            home.resolve(".local/lib")));
        for (final String v : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            final String dir = env.get(v);
            if (dir != null && !dir.isBlank()) {
                roots.add(Path.of(dir, "lib"));
            }
        }
        for (final Path root : roots) {
            for (final Path python : pythonFolders(root)) {
                for (final String packages : PYTHON_PACKAGES) {
                    for (final String wheel : WHEEL_FOLDERS) {
                        out.add(python.resolve(packages).resolve(wheel));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** @return {@code root}'s {@code python3*} folders, by name; empty if it has none or cannot be listed. */
    private static List<Path> pythonFolders(final Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        final List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "python3*")) {
            for (final Path p : ds) {
                if (Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        } catch (final IOException e) {
            // An unreadable root holds nothing we can load; the caller lists it among the places looked at.
            return List.of();
        }
        out.sort(Comparator.comparing(Path::toString));
        return out;
    }

    /**
     * @param folder a folder.
     * @return its {@code libnvrtc.so.<major>[.<minor>...]} with the highest major (then the shortest name, the
     *         soname link), if any; never {@code libnvrtc-builtins} or {@code libnvrtc.alt}.
     */
    static Optional<Path> findIn(final Path folder) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        Path best = null;
        int bestMajor = -1;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "libnvrtc.so.*")) {
            for (final Path p : ds) {
                final Matcher m = LIBRARY.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(p)) {
                    continue;
                }
                final int major = Integer.parseInt(m.group(1));
                if (major > bestMajor || major == bestMajor
                    && p.getFileName().toString().length() < best.getFileName().toString().length()) {
                    best = p;
                    bestMajor = major;
                }
            }
        } catch (final IOException e) {
            // An unreadable folder holds nothing we can load; the caller lists it among the places looked at.
            return Optional.empty();
        }
        return Optional.ofNullable(best);
    }

    /**
     * @param value the value of {@value #ENV}: a library file or a folder holding one.
     * @return the library it names, if it names one.
     */
    static Optional<Path> fromEnv(final String value) {
        final Path p = Path.of(value);
        if (Files.isRegularFile(p)) {
            return Optional.of(p);
        }
        return findIn(p);
    }

    /**
     * @param folders the folders searched.
     * @return the first library found in them, if any.
     */
    static Optional<Path> search(final List<Path> folders) {
        for (final Path f : folders) {
            final Optional<Path> found = findIn(f);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
