//! The extension's lifecycle and event callbacks, generated from `schema/events.json`. DO NOT EDIT.
//!
//! Implement [`Extension`] on a type (only the methods you need: every method has a default)
//! and register it once with [`register_extension!`](crate::register_extension). The macro
//! writes the exports the host calls: `plugin_init`, `plugin_cleanup` and one callback per
//! event, each named after its trait method (`on_entry_created` for `entry.created`). The
//! manifest subscribes to an event by naming that export:
//! `"events": {"entry.created": "on_entry_created"}`; `sdext build` fails when a subscription
//! names an export the module lacks, or the callback of another event.
//!
//! Each instance of the module (the host may run several) holds one value of the type, made
//! with `Default` and then [`Extension::init`] when the host calls `plugin_init`.

use std::any::Any;
use std::cell::RefCell;

use crate::error::Result;

/// An extension's lifecycle and typed event callbacks; register the type with
/// [`register_extension!`](crate::register_extension).
///
/// ```no_run
/// #[derive(Default)]
/// struct Notes;
///
/// impl spacedrive_sdk::Extension for Notes {
///     fn on_entry_created(&mut self, event: spacedrive_sdk::types::EntryCreatedEvent) -> spacedrive_sdk::Result<()> {
///         spacedrive_sdk::log::info(&format!("new entry {}", event.entry.name));
///         Ok(())
///     }
/// }
///
/// spacedrive_sdk::register_extension!(Notes);
/// # fn main() {}
/// ```
pub trait Extension: Default + 'static {
    /// Runs when the host loads an instance (`plugin_init`); an error fails the load with
    /// `init_failed` and its message in the host's log.
    fn init(&mut self) -> Result<()> {
        Ok(())
    }

    /// Runs when the host unloads or reloads the instance (`plugin_cleanup`).
    fn cleanup(&mut self) -> Result<()> {
        Ok(())
    }

    /// `entry.created`: `entry.created`: an entry was created (`vdfs.create_entry`).
    ///
    /// Exported as `on_entry_created`; delivered when the manifest subscribes
    /// `"entry.created": "on_entry_created"`. An error counts as a failed delivery.
    fn on_entry_created(&mut self, event: crate::types::EntryCreatedEvent) -> Result<()> {
        let _ = event;
        Ok(())
    }

    /// `entry.updated`: `entry.updated`: an entry's metadata changed (`vdfs.update_metadata`); `entry` is the entry as stored afterwards.
    ///
    /// Exported as `on_entry_updated`; delivered when the manifest subscribes
    /// `"entry.updated": "on_entry_updated"`. An error counts as a failed delivery.
    fn on_entry_updated(&mut self, event: crate::types::EntryUpdatedEvent) -> Result<()> {
        let _ = event;
        Ok(())
    }

    /// `job.finished`: `job.finished`: a job reached `completed`, `failed` or `cancelled` (not `interrupted`: the host is stopping then).
    ///
    /// Exported as `on_job_finished`; delivered when the manifest subscribes
    /// `"job.finished": "on_job_finished"`. An error counts as a failed delivery.
    fn on_job_finished(&mut self, event: crate::types::JobFinishedEvent) -> Result<()> {
        let _ = event;
        Ok(())
    }

    /// `sidecar.deleted`: `sidecar.deleted`: a sidecar was deleted (`vdfs.delete_sidecar`).
    ///
    /// Exported as `on_sidecar_deleted`; delivered when the manifest subscribes
    /// `"sidecar.deleted": "on_sidecar_deleted"`. An error counts as a failed delivery.
    fn on_sidecar_deleted(&mut self, event: crate::types::SidecarDeletedEvent) -> Result<()> {
        let _ = event;
        Ok(())
    }

    /// `sidecar.written`: `sidecar.written`: a sidecar was created or replaced (`vdfs.write_sidecar`).
    ///
    /// Exported as `on_sidecar_written`; delivered when the manifest subscribes
    /// `"sidecar.written": "on_sidecar_written"`. An error counts as a failed delivery.
    fn on_sidecar_written(&mut self, event: crate::types::SidecarWrittenEvent) -> Result<()> {
        let _ = event;
        Ok(())
    }
}

/// The names of the event callbacks [`register_extension!`](crate::register_extension)
/// exports: (event name, export name).
pub const CALLBACKS: &[(&str, &str)] = &[
    ("entry.created", "on_entry_created"),
    ("entry.updated", "on_entry_updated"),
    ("job.finished", "on_job_finished"),
    ("sidecar.deleted", "on_sidecar_deleted"),
    ("sidecar.written", "on_sidecar_written"),
];

thread_local! {
    static INSTANCE: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
}

/// Runs `f` on this instance's extension value (made with `Default` if `plugin_init` has not).
fn with_instance<T: Extension, R>(f: impl FnOnce(&mut T) -> R) -> R {
    INSTANCE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let value = slot.get_or_insert_with(|| Box::new(T::default()));
        let extension = match value.downcast_mut::<T>() {
            Some(extension) => extension,
            None => unreachable!("register_extension! registers one type per module"),
        };
        f(extension)
    })
}

/// Logs a lifecycle failure at error level and turns it into the ABI's non-zero status.
fn status(step: &str, result: Result<()>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(error) => {
            crate::log::error(&format!("{step} failed: {error}"));
            1
        }
    }
}

#[doc(hidden)]
pub fn __plugin_init<T: Extension>() -> i32 {
    crate::panic::install_hook();
    INSTANCE.with(|cell| *cell.borrow_mut() = Some(Box::new(T::default())));
    status("init", with_instance(T::init))
}

#[doc(hidden)]
pub fn __plugin_cleanup<T: Extension>() -> i32 {
    status("cleanup", with_instance(T::cleanup))
}

#[doc(hidden)]
pub fn __event<T: Extension, P: serde::de::DeserializeOwned>(
    ptr: u32,
    len: u32,
    callback: fn(&mut T, P) -> Result<()>,
) -> u32 {
    crate::abi::handle_event(ptr, len, |payload: P| {
        with_instance(|ext: &mut T| callback(ext, payload))
    })
}

/// Registers the type implementing [`Extension`]: writes the exports `plugin_init`,
/// `plugin_cleanup` and one callback per event (`on_entry_created`, `on_entry_updated`, `on_job_finished`, `on_sidecar_deleted`, `on_sidecar_written`).
/// Use it once per extension, at the crate's top level.
#[macro_export]
macro_rules! register_extension {
    ($extension:ty) => {
        const _: () = {
            /// Event name -> the export registered for it, read by `sdext build`.
            #[used]
            #[unsafe(link_section = "spacedrive_callbacks")]
            static CALLBACKS: [u8; 182] = *b"{\"entry.created\":\"on_entry_created\",\"entry.updated\":\"on_entry_updated\",\"job.finished\":\"on_job_finished\",\"sidecar.deleted\":\"on_sidecar_deleted\",\"sidecar.written\":\"on_sidecar_written\"}";

            #[unsafe(export_name = "plugin_init")]
            extern "C" fn __spacedrive_plugin_init() -> i32 {
                $crate::extension::__plugin_init::<$extension>()
            }

            #[unsafe(export_name = "plugin_cleanup")]
            extern "C" fn __spacedrive_plugin_cleanup() -> i32 {
                $crate::extension::__plugin_cleanup::<$extension>()
            }

            #[unsafe(export_name = "on_entry_created")]
            extern "C" fn __spacedrive_on_entry_created(ptr: u32, len: u32) -> u32 {
                $crate::extension::__event::<$extension, $crate::types::EntryCreatedEvent>(
                    ptr,
                    len,
                    <$extension as $crate::Extension>::on_entry_created,
                )
            }

            #[unsafe(export_name = "on_entry_updated")]
            extern "C" fn __spacedrive_on_entry_updated(ptr: u32, len: u32) -> u32 {
                $crate::extension::__event::<$extension, $crate::types::EntryUpdatedEvent>(
                    ptr,
                    len,
                    <$extension as $crate::Extension>::on_entry_updated,
                )
            }

            #[unsafe(export_name = "on_job_finished")]
            extern "C" fn __spacedrive_on_job_finished(ptr: u32, len: u32) -> u32 {
                $crate::extension::__event::<$extension, $crate::types::JobFinishedEvent>(
                    ptr,
                    len,
                    <$extension as $crate::Extension>::on_job_finished,
                )
            }

            #[unsafe(export_name = "on_sidecar_deleted")]
            extern "C" fn __spacedrive_on_sidecar_deleted(ptr: u32, len: u32) -> u32 {
                $crate::extension::__event::<$extension, $crate::types::SidecarDeletedEvent>(
                    ptr,
                    len,
                    <$extension as $crate::Extension>::on_sidecar_deleted,
                )
            }

            #[unsafe(export_name = "on_sidecar_written")]
            extern "C" fn __spacedrive_on_sidecar_written(ptr: u32, len: u32) -> u32 {
                $crate::extension::__event::<$extension, $crate::types::SidecarWrittenEvent>(
                    ptr,
                    len,
                    <$extension as $crate::Extension>::on_sidecar_written,
                )
            }
        };
    };
}
