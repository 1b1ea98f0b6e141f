// Words that never become emerging-issue topics: Chinese function words and pronouns, common
// English words, and the filler every letter to a government carries (反映, 问题, 希望, 请问,
// 领导, 您好 …). A keyword is also dropped when it is a single character, a number, or an
// administrative unit on its own (县, 镇 …). Kept as a plain set so the unit tests can check
// that none of these ever surfaces.

const chineseFunctionWords = `
的 了 和 与 及 或 而 是 在 有 也 都 就 又 还 很 太 更 最 把 被 让 给 对 向 从 到 于 为 以 因 因为 所以 但是 但 而且 并且
如果 虽然 然后 或者 还是 就是 不是 没有 不能 可以 可能 已经 一直 一个 一些 这个 那个 这些 那些 这里 那里 这样 那样
这种 那种 什么 怎么 怎样 为什么 哪里 多少 如何 我们 你们 他们 她们 它们 我 你 他 她 它 自己 大家 咱们 您
目前 现在 今天 昨天 明天 每天 时候 之后 之前 以后 以前 以来 期间 其中 其他 另外 同时 非常 特别 比较 一下 一点
这么 那么 不过 只是 只有 而是 关于 对于 根据 按照 通过 进行 能够 应该 需要 不要 不会 不用 一样 还有 然而 并 即
个 些 吗 呢 吧 啊 呀 嘛 哦 么 着 过 地 得 之 其 此 该 每 各 某 本 要 会 能 想 去 来 说 看 做 上 下 中 里 后 前 内 外
没 不 很多 许多 所有 任何 一起 马上 尽快 及时 经常 总是 有些 有的 还要 以及 等等 等 啦 呗 嗯 哈
`;

const domainFiller = `
反映 问题 希望 请问 领导 您好 你好 谢谢 感谢 麻烦 请 建议 要求 情况 有关 相关 部门 政府 单位 处理 解决 答复 回复
市民 群众 网友 居民 老百姓 本人 我家 投诉 举报 咨询 求助 关注 重视 帮助 协调 落实 核实 调查 尽早 迫切 严重 影响
信箱 来信 市长 书记 局长 主任 同志 各位 有关部门 相关部门 谢谢您 辛苦 百忙之中 请求 恳请 强烈 呼吁 一下子 事情 事
地方 时间 工作 方面 问题反映 现象 目前为止 至今 多次 一次 两次 几次 很久 长期 年 月 日 天 号 点 分 元
市 县 区 镇 乡 村 街道 社区 小区 河源 河源市 我市 本市 全市
`;

const englishWords = `
a an the and or but if then than so to of in on at by for with from into about as is are was were be been being
it its this that these those there here i you he she we they me my your our their his her them us
do does did done have has had not no yes can could should would will shall may might must
please thanks thank hello hi dear problem issue issues request help city government
since day days week weeks month year very just also still get got one two three all any some more most much many out up down over again
`;

const split = (s: string) => s.split(/\s+/).filter(Boolean);

export const STOP_WORDS: ReadonlySet<string> = new Set([...split(chineseFunctionWords), ...split(domainFiller), ...split(englishWords)]);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
