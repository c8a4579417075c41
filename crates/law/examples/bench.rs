//! Benchmarks for the legal corpus (run in release):
//!
//! `CARGO_TARGET_DIR=/work/target-law cargo run --release -p fazhi-law --example bench [DIR]`
//!
//! Measures parse + code of the whole corpus, corpus load, search index build, search
//! latency (p50/p99 over 50 realistic queries), citation resolution, cross-reference graph,
//! and memory (RSS delta and summed heap capacities). Single-threaded throughout.

use fazhi_law::{Corpus, Node, ResolveOptions, SearchFilters, Status, parse_statute};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const QUERIES: [&str; 50] = [
    "罚款",
    "行政拘留",
    "营业执照",
    "没收违法所得",
    "责令停产停业",
    "吊销许可证",
    "听证",
    "陈述 申辩",
    "行政复议",
    "行政诉讼",
    "当场收缴",
    "从轻 减轻",
    "不予行政处罚",
    "追溯时效",
    "食品 召回",
    "食品安全标准",
    "个人信息",
    "数据安全",
    "网络安全等级保护",
    "消防安全",
    "特种设备",
    "安全生产责任制",
    "危险化学品",
    "广告 虚假",
    "商标 侵权",
    "专利",
    "价格 欺诈",
    "明码标价",
    "不正当竞争",
    "商业秘密",
    "消费者 退货",
    "产品质量 抽查",
    "计量器具",
    "标准化",
    "排污许可",
    "大气污染",
    "噪声",
    "固体废物",
    "建设工程 质量",
    "城乡规划 违法建设",
    "土地 征收",
    "文物",
    "野生动物",
    "森林 采伐",
    "劳动合同 解除",
    "工资 拖欠",
    "农民工",
    "政府信息公开",
    "重大行政决策",
    "执法 移送",
];

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn node_bytes(n: &Node) -> usize {
    n.text.capacity()
        + n.num.capacity()
        + n.code.capacity()
        + n.children.capacity() * std::mem::size_of::<Node>()
        + n.children.iter().map(node_bytes).sum::<usize>()
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/data/laws"
            ))
        });
    let files = read_corpus_files(&dir);
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    println!("corpus: {} files, {} bytes", files.len(), bytes);
    bench_parse(&files);
    let (corpus, rss1) = bench_load(&dir);
    bench_index(&corpus, rss1);
    bench_search(&corpus);
    bench_resolve(&corpus)?;

    // 6. Cross-reference graph over every paragraph/item of every version.
    let t = Instant::now();
    let g = corpus.cross_refs();
    println!(
        "cross-reference graph: {:?} ({} edges, {} unresolved)",
        t.elapsed(),
        g.edges.len(),
        g.unresolved.len()
    );
    println!("RSS total: {} KiB", rss_kib());
    Ok(())
}

/// The corpus's statutes as (file name, text), sorted by name (README.md left out).
fn read_corpus_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            (p.extension().is_some_and(|x| x == "md") && name != "README.md").then_some((name, p))
        })
        .map(|(name, p)| (name, std::fs::read_to_string(&p).expect("utf-8")))
        .collect();
    files.sort();
    files
}

/// Step 1: parse and code every file (in memory, no I/O), 20 rounds.
fn bench_parse(files: &[(String, String)]) {
    let mut rounds = Vec::new();
    let mut units = 0;
    for _ in 0..20 {
        let t = Instant::now();
        units = 0;
        for (name, text) in files {
            let st = parse_statute(text, name);
            units += st.units().count();
        }
        rounds.push(t.elapsed());
    }
    rounds.sort();
    println!(
        "parse+code all files: min {:?}, median {:?} ({} units)",
        rounds[0],
        rounds[rounds.len() / 2],
        units
    );
}

/// Step 2: load the corpus from disk (read, parse, manifest, group, index by code); returns it with
/// the RSS after loading.
fn bench_load(dir: &Path) -> (Corpus, u64) {
    let rss0 = rss_kib();
    let t = Instant::now();
    let corpus = Corpus::load(dir).expect("corpus loads");
    let load = t.elapsed();
    let rss1 = rss_kib();
    let heap: usize = corpus
        .laws
        .iter()
        .flat_map(|l| &l.versions)
        .map(|v| node_bytes(&v.statute.root))
        .sum();
    println!(
        "Corpus::load: {:?}; RSS +{} KiB; tree heap ≈ {} KiB",
        load,
        rss1.saturating_sub(rss0),
        heap / 1024
    );
    (corpus, rss1)
}

/// Step 3: search index (RSS growth counted from `rss1`).
fn bench_index(corpus: &Corpus, rss1: u64) {
    let t = Instant::now();
    let idx = corpus.search_index();
    let build = t.elapsed();
    let rss2 = rss_kib();
    println!(
        "search index build: {:?} ({:?}); RSS +{} KiB; index heap ≈ {} KiB",
        build,
        idx,
        rss2.saturating_sub(rss1),
        idx.heap_bytes() / 1024
    );
}

/// Step 4: search latency: each query 20 times, current law only and unfiltered.
fn bench_search(corpus: &Corpus) {
    for (label, filters) in [
        (
            "in force",
            SearchFilters {
                status: Some(Status::InForce),
                ..Default::default()
            },
        ),
        ("all versions", SearchFilters::default()),
    ] {
        let mut lat = Vec::new();
        let mut total_hits = 0;
        for _ in 0..20 {
            for q in QUERIES {
                let t = Instant::now();
                let r = corpus.search(q, &filters);
                lat.push(t.elapsed());
                total_hits += r.hits.len();
            }
        }
        lat.sort();
        println!(
            "search ({label}): {} runs, p50 {:?}, p99 {:?}, max {:?} ({} hits)",
            lat.len(),
            pct(&lat, 0.5),
            pct(&lat, 0.99),
            lat[lat.len() - 1],
            total_hits / 20
        );
    }
}

/// Step 5: citation resolution.
fn bench_resolve(corpus: &Corpus) -> Result<(), Box<dyn std::error::Error>> {
    let cites = [
        ("《中华人民共和国行政处罚法》第三十三条第一款", None),
        (
            "《行政处罚法》第三十三条、第三十四条和《行政强制法》第十条",
            None,
        ),
        ("依照前两款的规定", Some("行政许可法/art_69__para_3")),
        (
            "属于食品安全法第一百二十三条至第一百二十六条、第一百三十二条以及本条例第七十二条、第七十三条规定的情节严重情形",
            Some("食品安全法实施条例/art_67__para_1"),
        ),
    ];
    let mut lat = Vec::new();
    for _ in 0..1000 {
        for (text, ctx) in cites {
            let opts = ResolveOptions {
                context: ctx.map(str::parse).transpose()?,
                on: None,
            };
            let t = Instant::now();
            let r = corpus.resolve(text, &opts);
            lat.push(t.elapsed());
            assert!(r.errors.is_empty());
        }
    }
    lat.sort();
    println!(
        "resolve: {} runs, p50 {:?}, p99 {:?}",
        lat.len(),
        pct(&lat, 0.5),
        pct(&lat, 0.99)
    );
    Ok(())
}
