//! The AST walk: finds enqueue calls, names their enclosing function, follows local bindings.

use std::collections::HashMap;

use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType, Span};
use oxc_syntax::scope::ScopeFlags;

use crate::{ENQUEUE_FUNCTIONS, KeyClass, ScanError, WAKE_FUNCTIONS, Wake};

const EVENT_ROUTE: &[&str] = &["resolveEventSessionKey", "resolveEventSessionKeyForPolicy"];
const QUEUE_KEY: &str = "resolveSystemEventQueueKey";
const SCOPED: &[&str] = &[
    "scopedHeartbeatWakeOptions",
    "scopedHeartbeatWakeOptionsForPolicy",
];
const OWNER: &str = "withSystemEventOwner";

/// One call before positions are mapped.
pub(crate) struct RawCall {
    pub offset: usize,
    pub function: String,
    pub callee: String,
    pub key: KeyClass,
    pub owner: Option<String>,
    pub wake: Wake,
}

/// An abstract value: what the scan knows about an expression.
#[derive(Debug, Clone)]
enum AVal {
    Route(String),
    QueueKey(Box<AVal>),
    Raw(String),
    Literal(String),
    /// An object: its properties (spreads merged) and an owner if one was attached.
    Obj(Vec<(String, AVal)>, Option<String>),
    Owned(Box<AVal>, String),
    /// `scopedHeartbeatWakeOptions(key, options)`.
    Scoped(Box<AVal>),
    /// A reference to a known function (enqueue, wake, ...), by canonical name.
    Func(&'static str),
    Unknown(String),
}

fn known(name: &str) -> Option<&'static str> {
    ENQUEUE_FUNCTIONS
        .iter()
        .chain(WAKE_FUNCTIONS)
        .chain(EVENT_ROUTE)
        .chain(SCOPED)
        .chain([QUEUE_KEY, OWNER].iter())
        .find(|n| **n == name)
        .copied()
}

fn is_raw_key_name(name: &str) -> bool {
    name == "sessionKey" || name.ends_with("SessionKey")
}

struct Frame {
    name: String,
    bindings: HashMap<String, AVal>,
    obj_base: usize,
    /// Innermost switch case labels in this frame.
    labels: Vec<String>,
    calls: Vec<RawCall>,
    /// Wakes of this function: offset, the switch case labels they are under, the wake.
    wakes: Vec<(usize, Option<String>, Wake)>,
    /// Wakes requested in named functions nested in this one, with their function's name.
    nested_wakes: Vec<Wake>,
    /// Calls of nested functions that request no wake themselves (SPEC SC4: the enclosing
    /// function's wake applies).
    deferred: Vec<RawCall>,
}

struct Scanner<'s> {
    src: &'s str,
    aliases: HashMap<String, &'static str>,
    frames: Vec<Frame>,
    obj_stack: Vec<String>,
    classes: Vec<String>,
    next_fn_name: Option<String>,
    out: Vec<RawCall>,
}

fn shorten(s: &str) -> String {
    let collapsed: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > 120 {
        let mut t: String = collapsed.chars().take(117).collect();
        t.push_str("...");
        t
    } else {
        collapsed
    }
}

fn prop_key(key: &PropertyKey) -> Option<String> {
    key.static_name().map(|c| c.to_string())
}

impl<'s> Scanner<'s> {
    /// The source text of `span`, shortened; reads at most 512 bytes of it (a minified
    /// bundle's initialisers span megabytes, and every binding is described).
    fn text(&self, span: Span) -> String {
        let (s, mut e) = (span.start as usize, span.end as usize);
        if e > s + 512 {
            e = s + 512;
            while e > s && !self.src.is_char_boundary(e) {
                e -= 1;
            }
        }
        shorten(self.src.get(s..e).unwrap_or(""))
    }

    fn lookup(&self, name: &str) -> Option<&AVal> {
        self.frames.iter().rev().find_map(|f| f.bindings.get(name))
    }

    fn canonical(&self, name: &str) -> Option<&'static str> {
        if let Some(AVal::Func(f)) = self.lookup(name) {
            return Some(f);
        }
        self.aliases.get(name).copied().or_else(|| known(name))
    }

    /// The canonical name of the function a callee expression refers to.
    fn callee_name(&self, e: &Expression) -> Option<&'static str> {
        match e.get_inner_expression() {
            Expression::Identifier(id) => self.canonical(&id.name),
            Expression::StaticMemberExpression(m) => known(&m.property.name),
            Expression::LogicalExpression(l) => self
                .callee_name(&l.left)
                .or_else(|| self.callee_name(&l.right)),
            Expression::ConditionalExpression(c) => self
                .callee_name(&c.consequent)
                .or_else(|| self.callee_name(&c.alternate)),
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::StaticMemberExpression(m) => known(&m.property.name),
                _ => None,
            },
            _ => None,
        }
    }

    fn arg<'b, 'a>(call: &'b CallExpression<'a>, i: usize) -> Option<&'b Expression<'a>> {
        call.arguments.get(i).and_then(|a| a.as_expression())
    }

    fn aval(&self, e: &Expression) -> AVal {
        let e = e.get_inner_expression();
        match e {
            Expression::StringLiteral(s) => AVal::Literal(s.value.to_string()),
            Expression::TemplateLiteral(t) if t.expressions.is_empty() => AVal::Literal(
                t.quasis
                    .iter()
                    .map(|q| q.value.raw.to_string())
                    .collect::<String>(),
            ),
            Expression::Identifier(id) => {
                if let Some(v) = self.lookup(&id.name) {
                    return v.clone();
                }
                if let Some(f) = self
                    .aliases
                    .get(id.name.as_str())
                    .copied()
                    .or(known(&id.name))
                {
                    return AVal::Func(f);
                }
                if is_raw_key_name(&id.name) {
                    AVal::Raw(id.name.to_string())
                } else {
                    AVal::Unknown(id.name.to_string())
                }
            }
            Expression::StaticMemberExpression(m) => {
                if let Expression::Identifier(obj) = m.object.get_inner_expression() {
                    if let Some(AVal::Obj(props, _)) = self.lookup(&obj.name) {
                        if let Some((_, v)) =
                            props.iter().rev().find(|(k, _)| k == &*m.property.name)
                        {
                            return v.clone();
                        }
                    }
                }
                if let Some(f) = known(&m.property.name) {
                    return AVal::Func(f);
                }
                if is_raw_key_name(&m.property.name) {
                    AVal::Raw(self.text(m.span))
                } else {
                    AVal::Unknown(self.text(m.span))
                }
            }
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::StaticMemberExpression(m) if is_raw_key_name(&m.property.name) => {
                    AVal::Raw(self.text(m.span))
                }
                ChainElement::CallExpression(call) => match call.callee.get_inner_expression() {
                    Expression::StaticMemberExpression(m)
                        if matches!(&*m.property.name, "trim" | "toLowerCase")
                            && matches!(self.aval(&m.object), AVal::Raw(_)) =>
                    {
                        AVal::Raw(self.text(c.span))
                    }
                    _ => AVal::Unknown(self.text(c.span)),
                },
                _ => AVal::Unknown(self.text(c.span)),
            },
            Expression::ConditionalExpression(c) => Self::join(
                self.aval(&c.consequent),
                self.aval(&c.alternate),
                self.text(c.span),
            ),
            Expression::LogicalExpression(l) => {
                let (a, b) = (self.aval(&l.left), self.aval(&l.right));
                match b {
                    AVal::Literal(_) => a,
                    b => Self::join(a, b, self.text(l.span)),
                }
            }
            Expression::CallExpression(call) => {
                let a0 = Self::arg(call, 0);
                // A raw key through a normaliser (`key.trim()`, `normalizeX(key)`) stays raw.
                if let Expression::StaticMemberExpression(m) = call.callee.get_inner_expression() {
                    if matches!(
                        &*m.property.name,
                        "trim" | "toLowerCase" | "trimStart" | "trimEnd"
                    ) {
                        if let AVal::Raw(_) = self.aval(&m.object) {
                            return AVal::Raw(self.text(call.span));
                        }
                    }
                }
                if let Expression::Identifier(id) = call.callee.get_inner_expression() {
                    if id.name.starts_with("normalize") {
                        if let Some(AVal::Raw(_)) = a0.map(|a| self.aval(a)) {
                            return AVal::Raw(self.text(call.span));
                        }
                    }
                }
                let a1 = Self::arg(call, 1);
                match self.callee_name(&call.callee) {
                    Some(n) if EVENT_ROUTE.contains(&n) => {
                        AVal::Route(a0.map(|a| self.text(a.span())).unwrap_or_default())
                    }
                    Some(QUEUE_KEY) => AVal::QueueKey(Box::new(
                        a0.map_or(AVal::Unknown(String::new()), |a| self.aval(a)),
                    )),
                    Some(OWNER) => AVal::Owned(
                        Box::new(a0.map_or(AVal::Obj(Vec::new(), None), |a| self.aval(a))),
                        a1.map(|a| self.text(a.span())).unwrap_or_default(),
                    ),
                    Some(n) if SCOPED.contains(&n) => AVal::Scoped(Box::new(
                        a1.map_or(AVal::Obj(Vec::new(), None), |a| self.aval(a)),
                    )),
                    _ => AVal::Unknown(self.text(call.span)),
                }
            }
            // Option objects are small; a large literal (a minified module's exports table)
            // is not one, and describing it would cost time at every reference.
            Expression::ObjectExpression(o) if o.properties.len() > 64 => {
                AVal::Unknown(self.text(o.span))
            }
            Expression::ObjectExpression(o) => {
                let mut props = Vec::new();
                let mut owner = None;
                for p in &o.properties {
                    match p {
                        ObjectPropertyKind::ObjectProperty(p) => {
                            if let Some(k) = prop_key(&p.key) {
                                let v = self.aval(&p.value);
                                if k == "owner" {
                                    owner = Some(self.text(p.value.span()));
                                }
                                props.push((k, v));
                            }
                        }
                        ObjectPropertyKind::SpreadProperty(s) => match self.aval(&s.argument) {
                            AVal::Obj(ps, o2) => {
                                props.extend(ps);
                                owner = owner.or(o2);
                            }
                            AVal::Owned(inner, o2) => {
                                if let AVal::Obj(ps, _) = *inner {
                                    props.extend(ps);
                                }
                                owner = Some(o2);
                            }
                            AVal::Scoped(inner) => {
                                if let AVal::Obj(ps, _) = *inner {
                                    props.extend(ps);
                                }
                                props.push(("...scoped".into(), AVal::Literal(String::new())));
                            }
                            other => props.push(("...".into(), other)),
                        },
                    }
                }
                AVal::Obj(props, owner)
            }
            other => AVal::Unknown(self.text(other.span())),
        }
    }

    /// Two possible values of one expression: kept when they are of one kind.
    fn join(a: AVal, b: AVal, text: String) -> AVal {
        match (a, b) {
            (AVal::Owned(x, o), AVal::Obj(..)) | (AVal::Obj(..), AVal::Owned(x, o)) => {
                AVal::Owned(x, o)
            }
            (AVal::Obj(mut p, o), AVal::Obj(q, o2)) => {
                for kv in q {
                    if !p.iter().any(|(k, _)| *k == kv.0) {
                        p.push(kv);
                    }
                }
                AVal::Obj(p, o.or(o2))
            }
            (a @ AVal::Route(_), AVal::Route(_)) => a,
            (a @ AVal::Raw(_), AVal::Raw(_)) => a,
            (a @ AVal::Scoped(_), AVal::Scoped(_)) => a,
            (AVal::Obj(p, _), s @ AVal::Scoped(_)) | (s @ AVal::Scoped(_), AVal::Obj(p, _))
                if p.iter().any(|(k, _)| k == "...scoped") =>
            {
                s
            }
            (a @ AVal::Func(_), _) => a,
            (_, b @ AVal::Func(_)) => b,
            _ => AVal::Unknown(text),
        }
    }

    fn key_class(v: &AVal) -> KeyClass {
        let (class, expr) = match v {
            AVal::Route(e) => ("event-route".to_string(), e.clone()),
            AVal::QueueKey(inner) => {
                let k = Self::key_class(inner);
                (format!("queue-key({})", k.class), k.expr)
            }
            AVal::Raw(e) => ("raw".to_string(), e.clone()),
            AVal::Literal(s) => ("literal".to_string(), format!("{s:?}")),
            AVal::Unknown(e) => ("unknown".to_string(), e.clone()),
            AVal::Func(f) => ("unknown".to_string(), (*f).to_string()),
            AVal::Obj(..) | AVal::Owned(..) | AVal::Scoped(..) => {
                ("unknown".to_string(), "an object".to_string())
            }
        };
        KeyClass { class, expr }
    }

    /// The key and owner of an enqueue call: the first options-like argument after the text.
    fn classify_enqueue(&self, call: &CallExpression) -> (KeyClass, Option<String>) {
        let mut first_text = None;
        for i in 1..call.arguments.len().max(2) {
            let Some(a) = Self::arg(call, i) else {
                continue;
            };
            first_text.get_or_insert_with(|| self.text(a.span()));
            let (obj, owner) = match self.aval(a) {
                AVal::Owned(inner, o) => (*inner, Some(o)),
                AVal::Obj(ps, o) => (AVal::Obj(ps, None), o),
                other => (other, None),
            };
            if let AVal::Obj(props, _) = &obj {
                if let Some((_, v)) = props.iter().rev().find(|(k, _)| k == "sessionKey") {
                    return (Self::key_class(v), owner);
                }
                if let Some((_, v)) = props.iter().find(|(k, _)| k == "...") {
                    return (
                        KeyClass {
                            class: "unknown".into(),
                            expr: format!(
                                "sessionKey from a spread of {}",
                                Self::key_class(v).expr
                            ),
                        },
                        owner,
                    );
                }
            }
        }
        (
            KeyClass {
                class: "unknown".into(),
                expr: match first_text {
                    Some(t) => format!("no sessionKey in {t}"),
                    None => "no options argument".into(),
                },
            },
            None,
        )
    }

    fn classify_wake(&self, call: &CallExpression) -> Wake {
        let callee = self.text(call.callee.span());
        let lit = |props: &[(String, AVal)], k: &str| {
            props.iter().rev().find_map(|(pk, v)| match v {
                AVal::Literal(s) if pk == k => Some(s.clone()),
                _ => None,
            })
        };
        let (shape, props) = match Self::arg(call, 0).map(|a| self.aval(a)) {
            Some(AVal::Scoped(inner)) => match *inner {
                AVal::Obj(ps, _) => ("scoped", ps),
                _ => ("scoped", Vec::new()),
            },
            Some(AVal::Obj(ps, _)) => {
                let shape = if ps.iter().any(|(k, _)| k == "...scoped") {
                    "scoped"
                } else if ps.iter().any(|(k, _)| k == "sessionKey") {
                    "session-key"
                } else if ps.iter().any(|(k, _)| k == "...") {
                    "unknown"
                } else {
                    "untargeted"
                };
                (shape, ps)
            }
            None => ("untargeted", Vec::new()),
            Some(_) => ("unknown", Vec::new()),
        };
        Wake {
            shape: shape.to_string(),
            source: lit(&props, "source"),
            reason: lit(&props, "reason"),
            call: Some(callee),
            via: None,
        }
    }

    fn push_frame(&mut self, name: String) {
        self.frames.push(Frame {
            name,
            bindings: HashMap::new(),
            obj_base: self.obj_stack.len(),
            labels: Vec::new(),
            calls: Vec::new(),
            wakes: Vec::new(),
            nested_wakes: Vec::new(),
            deferred: Vec::new(),
        });
    }

    fn pop_frame(&mut self) {
        let Some(f) = self.frames.pop() else { return };
        let is_module = self.frames.is_empty();
        let parent_is_module = self.frames.len() == 1;
        let none = Wake {
            shape: "none".into(),
            source: None,
            reason: None,
            call: None,
            via: None,
        };
        let mut unwoken = Vec::new();
        for mut c in f.calls {
            // A call under `case` labels only takes a wake under the same labels (or none).
            let label = c
                .function
                .find('[')
                .map(|i| &c.function[i + 1..c.function.len() - 1]);
            let fits = |l: &Option<String>| l.is_none() || l.as_deref() == label;
            let after = f.wakes.iter().find(|(o, l, _)| *o >= c.offset && fits(l));
            let before = f
                .wakes
                .iter()
                .rev()
                .find(|(o, l, _)| *o < c.offset && fits(l));
            match after.or(before) {
                Some((_, _, w)) => {
                    c.wake = w.clone();
                    self.out.push(c);
                }
                None => unwoken.push(c),
            }
        }
        unwoken.extend(f.deferred);
        // Wakes of this function (then of the functions nested in it) for calls of nested
        // functions, and for this function's own calls the nested functions' wakes.
        let own = f.wakes.first().map(|(_, _, w)| {
            let mut w = w.clone();
            w.via = Some(f.name.clone());
            w
        });
        let available = own.clone().or_else(|| f.nested_wakes.first().cloned());
        let parent = self
            .frames
            .last_mut()
            .filter(|_| !is_module && !parent_is_module);
        match (available, parent) {
            (Some(w), parent) => {
                for mut c in unwoken {
                    let own_call = c.function.split('[').next() == Some(f.name.as_str());
                    // This function's own calls found no fitting wake of their own: only a
                    // nested function's wake can apply to them.
                    let chosen = if own_call {
                        f.nested_wakes.first().cloned()
                    } else {
                        Some(w.clone())
                    };
                    c.wake = chosen.unwrap_or_else(|| none.clone());
                    self.out.push(c);
                }
                if let Some(p) = parent {
                    p.nested_wakes.extend(own.or(Some(w)));
                }
            }
            (None, Some(p)) => p.deferred.extend(unwoken),
            (None, _) => {
                for mut c in unwoken {
                    c.wake = none.clone();
                    self.out.push(c);
                }
            }
        }
    }

    fn qualified(&self, key: &str) -> String {
        let base = self.frames.last().map_or(0, |f| f.obj_base);
        let mut parts: Vec<&str> = self.obj_stack[base.min(self.obj_stack.len())..]
            .iter()
            .map(String::as_str)
            .collect();
        parts.push(key);
        parts.join(".")
    }

    fn is_fn(e: &Expression) -> bool {
        matches!(
            e.get_inner_expression(),
            Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
        )
    }
}

impl<'a> Visit<'a> for Scanner<'_> {
    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        if let Some(specs) = &it.specifiers {
            for s in specs {
                if let ImportDeclarationSpecifier::ImportSpecifier(s) = s {
                    if let Some(k) = known(&s.imported.name()) {
                        self.aliases.insert(s.local.name.to_string(), k);
                    }
                }
            }
        }
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        let name = self
            .next_fn_name
            .take()
            .or_else(|| it.id.as_ref().map(|i| i.name.to_string()));
        match name {
            Some(n) => {
                self.push_frame(n);
                walk::walk_function(self, it, flags);
                self.pop_frame();
            }
            None => walk::walk_function(self, it, flags),
        }
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        match self.next_fn_name.take() {
            Some(n) => {
                self.push_frame(n);
                walk::walk_arrow_function_expression(self, it);
                self.pop_frame();
            }
            None => walk::walk_arrow_function_expression(self, it),
        }
    }

    fn visit_class(&mut self, it: &Class<'a>) {
        let name = self
            .next_fn_name
            .take()
            .or_else(|| it.id.as_ref().map(|i| i.name.to_string()))
            .unwrap_or_else(|| "<class>".into());
        self.classes.push(name);
        walk::walk_class(self, it);
        self.classes.pop();
    }

    fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
        let class = self.classes.last().cloned().unwrap_or_default();
        let key = prop_key(&it.key).unwrap_or_else(|| "<computed>".into());
        self.next_fn_name = Some(format!("{class}.{key}"));
        walk::walk_method_definition(self, it);
        self.next_fn_name = None;
    }

    fn visit_property_definition(&mut self, it: &PropertyDefinition<'a>) {
        if it.value.as_ref().is_some_and(Self::is_fn) {
            let class = self.classes.last().cloned().unwrap_or_default();
            let key = prop_key(&it.key).unwrap_or_else(|| "<computed>".into());
            self.next_fn_name = Some(format!("{class}.{key}"));
        }
        walk::walk_property_definition(self, it);
        self.next_fn_name = None;
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        let Some(init) = &it.init else {
            return walk::walk_variable_declarator(self, it);
        };
        match &it.id.kind {
            BindingPatternKind::BindingIdentifier(id) => {
                let name = id.name.to_string();
                let inner = init.get_inner_expression();
                if Self::is_fn(init) || matches!(inner, Expression::ClassExpression(_)) {
                    self.next_fn_name = Some(self.qualified(&name));
                    self.visit_expression(init);
                    self.next_fn_name = None;
                } else if matches!(inner, Expression::ObjectExpression(_)) {
                    self.obj_stack.push(name.clone());
                    self.visit_expression(init);
                    self.obj_stack.pop();
                } else {
                    self.visit_expression(init);
                }
                let v = self.aval(init);
                if let Some(f) = self.frames.last_mut() {
                    f.bindings.insert(name, v);
                }
            }
            BindingPatternKind::ObjectPattern(p) => {
                self.visit_expression(init);
                let base = self.aval(init);
                let base_text = self.text(init.span());
                for bp in &p.properties {
                    let (Some(k), BindingPatternKind::BindingIdentifier(local)) =
                        (prop_key(&bp.key), &bp.value.kind)
                    else {
                        continue;
                    };
                    let v = match &base {
                        AVal::Obj(ps, _) => ps
                            .iter()
                            .rev()
                            .find(|(pk, _)| *pk == k)
                            .map(|(_, v)| v.clone())
                            .unwrap_or(AVal::Unknown(format!("{base_text}.{k}"))),
                        _ if known(&k).is_some() => AVal::Func(known(&k).unwrap_or_default()),
                        _ if is_raw_key_name(&k) => AVal::Raw(format!("{base_text}.{k}")),
                        _ => AVal::Unknown(format!("{base_text}.{k}")),
                    };
                    if let Some(f) = self.frames.last_mut() {
                        f.bindings.insert(local.name.to_string(), v);
                    }
                }
            }
            _ => walk::walk_variable_declarator(self, it),
        }
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        match &it.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) if Self::is_fn(&it.right) => {
                self.next_fn_name = Some(self.qualified(&id.name));
                walk::walk_assignment_expression(self, it);
                self.next_fn_name = None;
            }
            _ => walk::walk_assignment_expression(self, it),
        }
        if let AssignmentTarget::AssignmentTargetIdentifier(id) = &it.left {
            let v = self.aval(&it.right);
            let name = id.name.to_string();
            if let Some(f) = self
                .frames
                .iter_mut()
                .rev()
                .find(|f| f.bindings.contains_key(&name))
            {
                f.bindings.insert(name, v);
            }
        }
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        let key = prop_key(&it.key);
        let inner = it.value.get_inner_expression();
        match key {
            Some(k) if Self::is_fn(&it.value) => {
                self.next_fn_name = Some(self.qualified(&k));
                walk::walk_object_property(self, it);
                self.next_fn_name = None;
            }
            Some(k) if matches!(inner, Expression::ObjectExpression(_)) => {
                self.obj_stack.push(k);
                walk::walk_object_property(self, it);
                self.obj_stack.pop();
            }
            _ => walk::walk_object_property(self, it),
        }
    }

    fn visit_switch_statement(&mut self, it: &SwitchStatement<'a>) {
        self.visit_expression(&it.discriminant);
        let mut pending: Vec<String> = Vec::new();
        for case in &it.cases {
            let label = match &case.test {
                None => "default".to_string(),
                Some(t) => match self.aval(t) {
                    AVal::Literal(s) => s,
                    _ => self.text(t.span()),
                },
            };
            pending.push(label);
            if case.consequent.is_empty() {
                continue;
            }
            let labels = std::mem::take(&mut pending).join("|");
            if let Some(f) = self.frames.last_mut() {
                f.labels.push(labels);
            }
            self.visit_switch_case(case);
            if let Some(f) = self.frames.last_mut() {
                f.labels.pop();
            }
        }
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        walk::walk_call_expression(self, it);
        let Some(name) = self.callee_name(&it.callee) else {
            return;
        };
        if ENQUEUE_FUNCTIONS.contains(&name) {
            let (key, owner) = self.classify_enqueue(it);
            let function = match self.frames.last() {
                Some(f) => match f.labels.last() {
                    Some(l) => format!("{}[{l}]", f.name),
                    None => f.name.clone(),
                },
                None => "<module>".into(),
            };
            let call = RawCall {
                offset: it.span.start as usize,
                function,
                callee: self.text(it.callee.span()),
                key,
                owner,
                wake: Wake {
                    shape: "none".into(),
                    source: None,
                    reason: None,
                    call: None,
                    via: None,
                },
            };
            if let Some(f) = self.frames.last_mut() {
                f.calls.push(call);
            }
        } else if WAKE_FUNCTIONS.contains(&name) {
            let w = self.classify_wake(it);
            if let Some(f) = self.frames.last_mut() {
                let label = f.labels.last().cloned();
                f.wakes.push((it.span.start as usize, label, w));
            }
        }
    }
}

/// Parse `src` and walk it.
pub(crate) fn scan_program(artifact: &str, src: &str) -> Result<Vec<RawCall>, ScanError> {
    let allocator = Allocator::default();
    let ts = artifact.ends_with(".ts") || artifact.ends_with(".tsx") || artifact.ends_with(".mts");
    let source_type = if ts {
        SourceType::ts().with_jsx(artifact.ends_with(".tsx"))
    } else {
        SourceType::mjs()
    };
    let ret = Parser::new(&allocator, src, source_type).parse();
    if let Some(err) = ret.errors.first() {
        let offset = err
            .labels
            .as_ref()
            .and_then(|l| l.first())
            .map_or(0, |l| l.offset());
        let (line, col) = crate::line_col(src, offset);
        return Err(ScanError::Parse {
            file: artifact.to_string(),
            line,
            col,
            message: err.to_string(),
        });
    }
    let mut s = Scanner {
        src,
        aliases: HashMap::new(),
        frames: Vec::new(),
        obj_stack: Vec::new(),
        classes: Vec::new(),
        next_fn_name: None,
        out: Vec::new(),
    };
    s.push_frame("<module>".into());
    s.visit_program(&ret.program);
    s.pop_frame();
    s.out.sort_by_key(|c| c.offset);
    Ok(s.out)
}
