/// Which rules a part of an instance's spec feeds, so a diff can say what a change may
/// alter in the next plan: `geo` → GEO-1..3, `backups.starface` → BAK-1..3, and so on.
///
/// Keyed by the instance's top-level key, or by `live.<key>` and `backups.<key>` where the
/// parts feed different rules. Keys not listed feed no rule (`description`).
public enum SpecRuleImpact {
    /// Every rule ID of DOMAIN.md, in the order reports list them.
    public static let allRules = [
        "VER-1", "VER-2", "VER-3", "BAK-1", "BAK-2", "BAK-3", "VMB-1", "VMB-2", "SNP-1", "SNP-2", "HWID-1",
        "LOC-1", "LOC-2", "GEO-1", "GEO-2", "GEO-3", "PLT-1", "OBJ-1", "INF-1",
    ]

    static let byKey: [String: [String]] = [
        "description": [],
        "suspended": allRules,
        "live.site": ["BAK-2", "GEO-1", "GEO-2", "GEO-3", "OBJ-1"],
        "live.platform": ["LOC-1", "LOC-2", "PLT-1", "OBJ-1"],
        "live.vm": ["SNP-1", "SNP-2", "VMB-1", "VMB-2", "HWID-1", "LOC-1", "LOC-2", "GEO-1", "GEO-2", "GEO-3", "OBJ-1"],
        "live.starface": ["VER-1", "VER-2", "VER-3", "BAK-1", "BAK-3", "PLT-1"],
        "version": ["VER-1", "VER-2", "VER-3"],
        "hardware": ["HWID-1"],
        "local": ["LOC-1", "LOC-2"],
        "geo": ["GEO-1", "GEO-2", "GEO-3"],
        "platform": ["PLT-1", "VER-1"],
        "backups.starface": ["BAK-1", "BAK-2", "BAK-3"],
        "backups.vm": ["VMB-1", "VMB-2"],
        "snapshots": ["SNP-1"],
        "objectives": ["OBJ-1"],
        "recovery": ["OBJ-1"],
    ]

    /// The rules a value at `path` inside an instance feeds (`geo[0].rpo` → GEO-1..3;
    /// `live` as a whole → every `live.*` entry).
    public static func rules(forInstancePath path: String) -> [String] {
        let segments = SpecDiff.segments(of: path)
        guard let first = segments.first else { return allRules }
        if first == "live" || first == "backups" {
            if segments.count > 1 { return byKey["\(first).\(segments[1])"] ?? [] }
            return ordered(byKey.filter { $0.key.hasPrefix(first + ".") }.flatMap(\.value))
        }
        return byKey[first] ?? []
    }

    /// Rule IDs without duplicates, in the order of ``allRules``.
    public static func ordered(_ rules: some Sequence<String>) -> [String] {
        let set = Set(rules)
        return allRules.filter(set.contains) + set.subtracting(allRules).sorted()
    }

    /// `GEO-1..3, HWID-1, LOC-1/2`: consecutive IDs of one family folded.
    public static func compact(_ rules: [String]) -> String {
        var families: [(String, [Int])] = []
        for rule in ordered(rules) {
            guard let dash = rule.lastIndex(of: "-"), let number = Int(rule[rule.index(after: dash)...]) else {
                families.append((rule, []))
                continue
            }
            let family = String(rule[..<dash])
            if let index = families.firstIndex(where: { $0.0 == family }) {
                families[index].1.append(number)
            } else {
                families.append((family, [number]))
            }
        }
        return families.map { family, numbers -> String in
            guard !numbers.isEmpty else { return family }
            let sorted = numbers.sorted()
            let contiguous = sorted.last! - sorted.first! == sorted.count - 1
            if contiguous && sorted.count >= 3 { return "\(family)-\(sorted.first!)..\(sorted.last!)" }
            if contiguous && sorted.count == 2 { return "\(family)-\(sorted[0])/\(sorted[1])" }
            return sorted.map { "\(family)-\($0)" }.joined(separator: ", ")
        }.joined(separator: ", ")
    }
}
